// Sign in with the school ENT, against the simulated ENT (a real OpenID provider) and a real Cartable:
// first sign-in with the terms accepted or refused, second sign-in, one account per ENT person even when
// two first sign-ins race, and the refusals a careful attacker would try.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { MultiHostBrowser, startTestEnt } from '../util/ent.ts';
import type { TestEnt } from '../util/ent.ts';

const PASSWORD = 'demo';

async function accountPods(server: TestServer, browser: MultiHostBrowser): Promise<string[]> {
  const host = new URL(server.url).host;
  const cookie = browser.cookie(host, 'css-account');
  assert.ok(cookie, 'signed in to Cartable (account cookie)');
  const controls = await (await fetch(`${server.url}.account/`, { headers: { accept: 'application/json', cookie: `css-account=${cookie}` }})).json() as
    { controls: { account: { pod: string } } };
  const pods = await (await fetch(controls.controls.account.pod, { headers: { accept: 'application/json', cookie: `css-account=${cookie}` }})).json() as
    { pods: Record<string, string> };
  return Object.keys(pods.pods);
}

function accountCount(server: TestServer): number {
  try {
    return readdirSync(join(server.data, '.internal', 'accounts', 'data')).length;
  } catch {
    return 0;
  }
}

async function acceptTerms(browser: MultiHostBrowser, page: { url: string; html: string }, decision: 'accept' | 'refuse'):
Promise<Response> {
  const token = /name="token" value="([^"]+)"/u.exec(page.html)?.[1];
  assert.ok(token, 'the terms page carries its token');
  return browser.request(page.url.split('?')[0], { method: 'POST', form: { token, decision }});
}

describe('signing in with the school ENT', (): void => {
  let server: TestServer;
  let ent: TestEnt;

  before(async(): Promise<void> => {
    const port = await freePort();
    ent = await startTestEnt(`http://localhost:${port}/`);
    server = await startTestServer({ port, ent: ent.settingsFor(`http://localhost:${port}/`) });
  });
  after(async(): Promise<void> => {
    await server?.stop();
    await ent?.stop();
  });

  it('offers "Se connecter avec Toutatice" beside password login', async(): Promise<void> => {
    const login = await (await fetch(`${server.url}.account/login/`, { headers: { accept: 'application/json' }})).json() as
      { logins: Record<string, string> };
    assert.equal(login.logins['Se connecter avec Toutatice'], `${server.url}.account/login/ent/`);
  });

  it('shows the terms at the first sign-in, and refusing stores nothing', async(): Promise<void> => {
    const before = accountCount(server);
    const browser = new MultiHostBrowser();
    const terms = await browser.walk(`${server.url}.account/login/ent/`, 'lina.legoff', PASSWORD);
    assert.equal(terms.status, 200);
    assert.ok(terms.url.startsWith(`${server.url}.account/login/ent/terms/`), terms.url);
    assert.match(terms.html, /Ce que Cartable reçoit de l'ENT/u);
    assert.match(terms.html, /lang="fr"/u);
    const refused = await acceptTerms(browser, terms, 'refuse');
    assert.equal(refused.status, 200);
    assert.match(await refused.text(), /Aucun compte n'a été créé/u);
    assert.equal(accountCount(server), before, 'no account was created');
    assert.equal(browser.cookie(new URL(server.url).host, 'css-account'), undefined, 'not signed in');

    // The refusal is not remembered as an account: the next sign-in asks again.
    const again = await browser.walk(`${server.url}.account/login/ent/`, 'lina.legoff', PASSWORD);
    assert.ok(again.url.startsWith(`${server.url}.account/login/ent/terms/`));
  });

  it('creates the account and an opaque pod on acceptance, and signs in directly the next time', async(): Promise<void> => {
    const accountsBefore = accountCount(server);
    const browser = new MultiHostBrowser();
    const terms = await browser.walk(`${server.url}.account/login/ent/`, 'camille.martin', PASSWORD);
    const accepted = await acceptTerms(browser, terms, 'accept');
    assert.equal(accepted.status, 303);
    assert.ok(accountCount(server) > accountsBefore, 'the account count (read on disk) grows on acceptance');
    assert.equal(accepted.headers.get('location'), server.url, 'a direct sign-in lands on the home page');
    const [ pod, ...others ] = await accountPods(server, browser);
    assert.equal(others.length, 0);
    assert.match(pod, new RegExp(`^${server.url}c[0-9a-f]{12}/$`, 'u'), 'an opaque pod name');
    assert.ok(!pod.includes('camille') && !pod.includes('martin'));

    const card = await (await fetch(`${pod}profile/card`)).text();
    assert.ok(!card.includes('Camille'), 'the public profile does not show the name');
    assert.equal((await fetch(`${pod}profile/about`)).status, 401);

    const second = new MultiHostBrowser();
    const page = await second.walk(`${server.url}.account/login/ent/`, 'camille.martin', PASSWORD);
    assert.equal(page.url, server.url, 'no terms the second time');
    assert.deepEqual(await accountPods(server, second), [ pod ], 'the same account and pod');
  });

  it('gives one account to one ENT person even when two first sign-ins race', async(): Promise<void> => {
    const first = new MultiHostBrowser();
    const second = new MultiHostBrowser();
    const [ termsA, termsB ] = await Promise.all([
      first.walk(`${server.url}.account/login/ent/`, 'noe.tanguy', PASSWORD),
      second.walk(`${server.url}.account/login/ent/`, 'noe.tanguy', PASSWORD),
    ]);
    const [ a, b ] = await Promise.all([ acceptTerms(first, termsA, 'accept'), acceptTerms(second, termsB, 'accept') ]);
    assert.equal(a.status, 303);
    assert.equal(b.status, 303);
    const [ podsA, podsB ] = await Promise.all([ accountPods(server, first), accountPods(server, second) ]);
    assert.equal(podsA.length, 1);
    assert.deepEqual(podsA, podsB, 'both browsers are in the same account');
  });

  it('refuses a callback with an unknown or replayed state, and a terms token from another browser', async(): Promise<void> => {
    let response = await fetch(`${server.url}.account/login/ent/callback/?code=abc&state=forged`, { headers: { accept: 'text/html' }});
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Connexion expirée|expired/u);

    // Capture a real callback URL, use it once, then replay it.
    const browser = new MultiHostBrowser();
    const start = await browser.request(`${server.url}.account/login/ent/`);
    let location = new URL(start.headers.get('location')!, server.url).href;
    let callback = '';
    for (let step = 0; step < 10 && !callback; step++) {
      const res = await browser.request(location);
      const next = res.headers.get('location');
      if (next?.startsWith(`${server.url}.account/login/ent/callback/`)) {
        callback = next;
        break;
      }
      if (next) {
        location = new URL(next, location).href;
        continue;
      }
      const html = await res.text();
      const action = /<form method="post" action="([^"]+)"/u.exec(html)![1];
      const posted = await browser.request(new URL(action.replace(/&amp;/gu, '&'), location).href,
        { method: 'POST', form: { login: 'jade.riou', password: PASSWORD }});
      location = new URL(posted.headers.get('location')!, location).href;
      if (location.startsWith(`${server.url}.account/login/ent/callback/`)) {
        callback = location;
      }
    }
    assert.ok(callback, 'reached the callback');
    const used = await browser.request(callback);
    assert.equal(used.status, 303);
    const termsUrl = new URL(used.headers.get('location')!, server.url).href;
    const replay = await browser.request(callback);
    assert.equal(replay.status, 400, 'a state works once');

    // The terms page needs the browser that signed in: another one gets nothing.
    const stranger = new MultiHostBrowser();
    response = await stranger.request(termsUrl);
    assert.equal(response.status, 400);
    const token = new URL(termsUrl).searchParams.get('token')!;
    const forged = await stranger.request(`${server.url}.account/login/ent/terms/`, { method: 'POST', form: { token, decision: 'accept' }});
    assert.equal(forged.status, 400);
  });

  it('logs out of Cartable and the ENT at once, and tells the browser to wipe this site', async(): Promise<void> => {
    const browser = new MultiHostBrowser();
    const signedIn = await browser.walk(`${server.url}.account/login/ent/`, 'camille.martin', PASSWORD);
    assert.equal(signedIn.url, server.url);
    const host = new URL(server.url).host;
    const cookie = browser.cookie(host, 'css-account');
    assert.ok(cookie);

    let response = await browser.request(`${server.url}.account/logout/`);
    assert.equal(response.status, 303);
    let location = new URL(response.headers.get('location')!, server.url);
    assert.equal(location.origin, new URL(ent.url).origin, 'goes through the ENT logout');
    let done: Response | undefined;
    for (let step = 0; step < 8 && !done; step++) {
      response = await browser.request(location.href);
      if (location.href.split('?')[0] === `${server.url}.account/logout/done/`) {
        done = response;
        break;
      }
      const next = response.headers.get('location');
      if (next) {
        location = new URL(next, location);
        continue;
      }
      // The ENT may ask to confirm the logout with a form.
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/u.exec(html)?.[1];
      assert.ok(action, `a logout confirmation form at ${location.href}: ${html.slice(0, 200)}`);
      const fields = Object.fromEntries([ ...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gu) ]
        .map((match): [string, string] => [ match[1], match[2] ]));
      response = await browser.request(new URL(action.replace(/&amp;/gu, '&'), location).href, { method: 'POST', form: { ...fields, logout: 'yes' }});
      location = new URL(response.headers.get('location')!, location);
    }
    assert.ok(done, `came back to Cartable's logout page: ${browser.visited.slice(-6).join(' | ')}`);
    assert.equal(done.status, 200);
    assert.match(done.headers.get('clear-site-data') ?? '', /"storage"/u);
    assert.match(done.headers.get('clear-site-data') ?? '', /"cookies"/u);
    assert.match(await done.text(), /Vous êtes déconnecté/u);
    assert.equal(browser.cookie(host, 'css-account'), undefined, 'the account cookie is gone');
    const stale = await fetch(`${server.url}.account/`, { headers: { accept: 'application/json', cookie: `css-account=${cookie}` }});
    const controls = await stale.json() as { controls: { account?: { pod?: string } } };
    assert.equal(controls.controls.account?.pod, undefined, 'the old account cookie no longer signs in');

    // The ENT session is over too: signing in again shows the ENT login form.
    const again = await browser.request(`${server.url}.account/login/ent/`);
    const atEnt = await browser.request(new URL(again.headers.get('location')!, server.url).href);
    let page = atEnt;
    for (let step = 0; step < 5 && page.status >= 300 && page.status < 400; step++) {
      page = await browser.request(new URL(page.headers.get('location')!, ent.url).href);
    }
    assert.match(await page.text(), /name="password"/u, 'the ENT asks for the password again');
  });

  it('asks for the ENT password again after a logout even if the pupil stayed signed in at the ENT', async(): Promise<void> => {
    const browser = new MultiHostBrowser();
    await browser.walk(`${server.url}.account/login/ent/`, 'camille.martin', PASSWORD);
    const host = new URL(server.url).host;
    let response = await browser.request(`${server.url}.account/logout/`);
    let location = new URL(response.headers.get('location')!, server.url);
    response = await browser.request(location.href);
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/u.exec(html)?.[1];
    assert.ok(action, 'the ENT asks to confirm its logout');
    const fields = Object.fromEntries([ ...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gu) ]
      .map((match): [string, string] => [ match[1], match[2] ]));
    // "Rester connecté": the form without logout=yes.
    response = await browser.request(new URL(action.replace(/&amp;/gu, '&'), location).href, { method: 'POST', form: fields });
    location = new URL(response.headers.get('location')!, location);
    assert.equal(location.href.split('?')[0], `${server.url}.account/logout/done/`);
    const done = await (await browser.request(location.href)).text();
    assert.match(done, /cartable-ent-relogin=1/u, 'the logged-out page flags this browser');
    assert.match(done, /redemandera le mot de passe/u, 'and says so honestly');
    browser.setCookie(host, 'cartable-ent-relogin', '1');

    const again = await browser.request(`${server.url}.account/login/ent/`);
    const authorize = new URL(again.headers.get('location')!);
    assert.equal(authorize.searchParams.get('prompt'), 'login', 'the ENT is asked to authenticate again');
    let page = await browser.request(authorize.href);
    for (let step = 0; step < 5 && page.status >= 300 && page.status < 400; step++) {
      page = await browser.request(new URL(page.headers.get('location')!, ent.url).href);
    }
    assert.match(await page.text(), /name="password"/u, 'the ENT shows its login form although its session was kept');
    assert.equal(browser.cookie(host, 'cartable-ent-relogin'), undefined, 'the flag is used once');
  });

  it('refuses a wrong ENT password at the ENT, with nothing created', async(): Promise<void> => {
    const before = accountCount(server);
    const browser = new MultiHostBrowser();
    const page = await browser.walk(`${server.url}.account/login/ent/`, 'mael.guillou', 'wrong').catch((): null => null);
    assert.ok(page === null || !page.url.startsWith(server.url), 'still at the ENT');
    assert.equal(accountCount(server), before);
  });
});

describe('signing in when the ENT is unreachable', (): void => {
  let server: TestServer;

  before(async(): Promise<void> => {
    const closed = await freePort();
    server = await startTestServer({ ent: { issuer: `http://127.0.0.1:${closed}`, clientId: 'x', clientSecret: 'y' }});
  });
  after(async(): Promise<void> => server?.stop());

  it('says so clearly, and creates nothing', async(): Promise<void> => {
    const response = await fetch(`${server.url}.account/login/ent/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    assert.equal(response.status, 503);
    const html = await response.text();
    assert.match(html, /L’ENT ne répond pas/u);
    assert.match(html, /Rien n’a été créé/u);
    assert.equal(accountCount(server), 0);
  });
});

describe('a data folder made before ENT login (password demo accounts)', (): void => {
  let server: TestServer;
  let ent: TestEnt;

  before(async(): Promise<void> => {
    const port = await freePort();
    ent = await startTestEnt(`http://localhost:${port}/`);
    server = await startTestServer({ port, demo: true, ent: ent.settingsFor(`http://localhost:${port}/`) });
  });
  after(async(): Promise<void> => {
    await server?.stop();
    await ent?.stop();
  });

  it('links the demo person\'s first ENT sign-in to their existing account and pod, never a second one', async(): Promise<void> => {
    const before = accountCount(server);
    const browser = new MultiHostBrowser();
    const terms = await browser.walk(`${server.url}.account/login/ent/`, 'camille.martin', PASSWORD);
    assert.equal((await acceptTerms(browser, terms, 'accept')).status, 303);
    assert.deepEqual(await accountPods(server, browser), [ `${server.url}p3f9a1c27e0/` ], 'the seeded pod');
    assert.equal(accountCount(server), before, 'no account was added');
  });
});
