// Cartable's sign-in pages (templates/), in real Chromium at phone size against a real Cartable: the French
// method chooser with the ENT first, password sign-in and consent in French back to the app, the ENT path
// through the simulated ENT and the terms, keyboard use, the English switch, untrusted client metadata
// shown as text, and an axe check of each page.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { freePort, startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startTestEnt } from '../util/ent.ts';
import type { TestEnt } from '../util/ent.ts';
import { axeViolations, CHROMIUM, CHROMIUM_ARGS, clickButton, deepText, PHONE, phonePage, waitForText } from '../util/browser.ts';

const DEMO_PUPIL = { email: 'camille.martin@demo.cartable.example', password: 'cartable-demo', name: 'Camille Martin' };
const ENT_PUPIL = { login: 'camille.martin', password: 'demo' };

async function launchBrowser(profile: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: CHROMIUM_ARGS,
  });
}

/** What a phone user notices: nothing wider than the screen, and every visible control at least 44 px high. */
async function assertPhoneFriendly(page: Page): Promise<void> {
  const { width, small } = await page.evaluate((): { width: number; small: string[] } => ({
    width: document.documentElement.scrollWidth,
    small: Array.from(document.querySelectorAll('a.button, button, input[type="email"], input[type="password"], label.choice'))
      .filter((element): boolean => element.getClientRects().length > 0)
      .filter((element): boolean => element.getBoundingClientRect().height < 44)
      .map((element): string => element.outerHTML.slice(0, 80)),
  }));
  assert.ok(width <= PHONE.width, `no horizontal scrolling at ${PHONE.width} px (content is ${width} px wide)`);
  assert.deepEqual(small, [], 'touch targets are at least 44 px high');
}

/** The visible links and buttons inside <main>, in document order, as "tag: text". */
async function mainControls(page: Page): Promise<string[]> {
  return page.$$eval('main a, main button', (elements): string[] => elements
    .filter((element): boolean => element.getClientRects().length > 0)
    .map((element): string => `${element.tagName.toLowerCase()}: ${element.textContent?.trim() ?? ''}`));
}

/** From the home page, "Se connecter" leads to the method chooser; waits until its methods are shown. */
async function openChooser(page: Page, server: TestServer): Promise<void> {
  await page.goto(server.url, { waitUntil: 'networkidle0' });
  await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), clickButton(page, 'Se connecter') ]);
  await page.waitForSelector('#ent-method:not(.hidden)');
  assert.equal(new URL(page.url()).pathname, '/.account/login/', `the chooser: ${page.url()}`);
}

async function assertFrenchChooser(page: Page): Promise<void> {
  assert.equal(await page.evaluate((): string => document.documentElement.lang), 'fr');
  assert.equal(await page.$eval('h1', (element): string => element.textContent ?? ''), 'Se connecter à Cartable');
  assert.match(await page.title(), /^Se connecter à Cartable – Cartable$/u);
  const controls = await mainControls(page);
  assert.equal(controls[0], 'a: Se connecter avec Toutatice', `the ENT comes first: ${controls.join(' | ')}`);
  assert.ok(controls.includes('a: Adresse e-mail et mot de passe'), `password login is offered: ${controls.join(' | ')}`);
  assert.match(await page.$eval('#ent-login', (element): string => (element as HTMLAnchorElement).href),
    /\/\.account\/login\/ent\/$/u);
  assert.match(await deepText(page), /Autres moyens de connexion \(personnels, tests\)/u);
  assert.doesNotMatch(await deepText(page), /Community Solid Server|Inrupt/u, 'no server branding');
}

/** The consent page in French for the home app, remembering nothing by default. */
async function assertFrenchConsent(page: Page): Promise<void> {
  await page.waitForSelector('#authorize:not([disabled])');
  assert.equal(new URL(page.url()).pathname, '/.account/oidc/consent/');
  assert.equal(await page.evaluate((): string => document.documentElement.lang), 'fr');
  const heading = await page.$eval('h1', (element): string => element.textContent?.replace(/\s+/gu, ' ').trim() ?? '');
  assert.match(heading, /^L[’']application Cartable souhaite accéder à votre cartable$/u);
  const controls = await mainControls(page);
  for (const label of [ 'button: Autoriser', 'button: Refuser', 'button: Utiliser un autre compte' ]) {
    assert.ok(controls.includes(label), `${label} is offered: ${controls.join(' | ')}`);
  }
  assert.equal(await page.$eval('input[name="remember"]', (element): boolean => element.checked), false,
    '"Se souvenir de cette application" is unchecked (shared computers)');
  assert.equal(await page.$eval('#webid-choice', (element): boolean => element.getClientRects().length > 0), false,
    'a single WebID needs no choice');
}

describe('Cartable sign-in pages with password accounts', (): void => {
  let server: TestServer;
  let browser: Browser;
  let profile: string;

  before(async(): Promise<void> => {
    server = await startTestServer({ demo: true });
    profile = mkdtempSync(join(tmpdir(), 'cartable-chromium-'));
    browser = await launchBrowser(profile);
  });

  after(async(): Promise<void> => {
    await browser?.close();
    await server?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  it('signs a pupil in with a password, in French from the chooser to the consent page and back', async(): Promise<void> => {
    const context = await browser.createBrowserContext();
    const page = await phonePage(context);
    await openChooser(page, server);
    await assertFrenchChooser(page);
    await assertPhoneFriendly(page);
    assert.deepEqual(await axeViolations(page), [], 'the chooser passes axe');

    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }),
      page.click('a[href$="/.account/login/password/"]') ]);
    await page.waitForSelector('button[name="submit"]:not([disabled])');
    assert.equal(await page.$eval('h1', (element): string => element.textContent ?? ''), 'Connexion par mot de passe');
    assert.equal(await page.$eval('label[for="email"]', (element): string => element.textContent ?? ''), 'Adresse e-mail');
    assert.equal(await page.$eval('label[for="password"]', (element): string => element.textContent ?? ''), 'Mot de passe');
    await assertPhoneFriendly(page);
    assert.deepEqual(await axeViolations(page), [], 'the password page passes axe');

    // A wrong password: a French message in the alert region, and still on the page.
    await page.type('#email', DEMO_PUPIL.email);
    await page.type('#password', 'pas le bon');
    await page.click('button[name="submit"]');
    await page.waitForFunction((): boolean => (document.querySelector('#error')?.textContent ?? '').length > 0);
    assert.equal(await page.$eval('#error', (element): string => element.getAttribute('role') ?? ''), 'alert');
    assert.equal(await page.$eval('#error', (element): string => element.textContent ?? ''),
      'Adresse e-mail ou mot de passe incorrect.');
    assert.equal(await page.$eval('#password', (element): string => element.getAttribute('aria-invalid') ?? ''), 'true');
    assert.deepEqual(await axeViolations(page), [], 'the password page passes axe with an error shown');

    await page.$eval('#password', (element): void => { (element as HTMLInputElement).value = ''; });
    await page.type('#password', DEMO_PUPIL.password);
    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[name="submit"]') ]);

    await assertFrenchConsent(page);
    await assertPhoneFriendly(page);
    assert.deepEqual(await axeViolations(page), [], 'the consent page passes axe');

    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#authorize') ]);
    await waitForText(page, new RegExp(`Bonjour ${DEMO_PUPIL.name}`, 'u'));
    assert.equal(new URL(page.url()).origin, new URL(server.url).origin);
    await context.close();
  });

  it('switches the chooser to English and keeps the choice, for the apps too', async(): Promise<void> => {
    const context = await browser.createBrowserContext();
    const page = await phonePage(context);
    await page.goto(`${server.url}.account/login/`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#ent-method:not(.hidden)');
    await assertFrenchChooser(page);
    assert.equal(await page.$eval('#language-switch', (element): string => element.textContent ?? ''), 'English');

    await page.click('#language-switch');
    const english = async(): Promise<void> => {
      assert.equal(await page.evaluate((): string => document.documentElement.lang), 'en');
      assert.equal(await page.$eval('h1', (element): string => element.textContent ?? ''), 'Sign in to Cartable');
      assert.equal(await page.$eval('#ent-login', (element): string => element.textContent ?? ''), 'Sign in with Toutatice');
      assert.equal(await page.$eval('#other-methods-heading', (element): string => element.textContent ?? ''),
        'Other ways to sign in (staff, tests)');
      assert.ok((await mainControls(page)).includes('a: Email address and password'));
      assert.equal(await page.$eval('#language-switch', (element): string => element.textContent ?? ''), 'Français');
      assert.equal(await page.title(), 'Sign in to Cartable – Cartable');
    };
    await english();
    assert.equal(await page.evaluate((): string | null => localStorage.getItem('cartable.language')), 'en');

    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#ent-method:not(.hidden)');
    await english();

    // The apps read the same choice.
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    assert.equal(await page.evaluate((): string => document.documentElement.lang), 'en');
    await context.close();
  });

  it('shows what an app says about itself as text, never as markup or script', async(): Promise<void> => {
    const context = await browser.createBrowserContext();
    const page = await phonePage(context);
    // Signed in to the identity provider first (its session skips the password page afterwards).
    await page.goto(`${server.url}.account/login/password/`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('button[name="submit"]:not([disabled])');
    await page.type('#email', DEMO_PUPIL.email);
    await page.type('#password', DEMO_PUPIL.password);
    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[name="submit"]') ]);

    // A client registered by anyone, with hostile metadata.
    const hostileName = '<img src=x onerror="window.__pwned=1">Cartable officiel';
    const redirectUri = `${server.url}callback-of-the-hostile-app`;
    const registration = await fetch(`${server.url}.oidc/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: hostileName, redirect_uris: [ redirectUri ], client_uri: 'https://hostile.example/',
        token_endpoint_auth_method: 'none', grant_types: [ 'authorization_code' ], response_types: [ 'code' ],
        application_type: 'web' }),
    });
    assert.equal(registration.status, 201, await registration.clone().text());
    const { client_id: clientId } = await registration.json() as { client_id: string };
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${server.url}.oidc/auth`);
    for (const [ key, value ] of Object.entries({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code',
      scope: 'openid webid', state: 'hostile', prompt: 'consent',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' })) {
      authorize.searchParams.set(key, value);
    }
    await page.goto(authorize.href, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#authorize:not([disabled])');
    assert.equal(await page.$eval('#client-name-title', (element): string => element.textContent ?? ''), hostileName);
    assert.equal(await page.$$eval('main h1 img, main h1 *[onerror]', (elements): number => elements.length), 0,
      'the name is not parsed as markup');
    assert.equal(await page.evaluate((): unknown => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.$eval('#client-site-link', (element): string => `${element.textContent} ${element.getAttribute('href')}`),
      'https://hostile.example/ https://hostile.example/', 'the site the app claims is shown for what it is');

    // Refusing goes back to the app with an error, and grants nothing.
    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#cancel') ]);
    const back = new URL(page.url());
    assert.equal(`${back.origin}${back.pathname}`, redirectUri);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('code'), null);
    await context.close();
  });
});

describe('Cartable sign-in pages with the school ENT', (): void => {
  let server: TestServer;
  let ent: TestEnt;
  let browser: Browser;
  let profile: string;

  before(async(): Promise<void> => {
    const port = await freePort();
    ent = await startTestEnt(`http://localhost:${port}/`);
    server = await startTestServer({ port, ent: ent.settingsFor(`http://localhost:${port}/`) });
    profile = mkdtempSync(join(tmpdir(), 'cartable-chromium-'));
    browser = await launchBrowser(profile);
  });

  after(async(): Promise<void> => {
    await browser?.close();
    await server?.stop();
    await ent?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  it('goes by keyboard from the chooser to the ENT, the terms and the French consent, back to the app', async(): Promise<void> => {
    const context = await browser.createBrowserContext();
    const page = await phonePage(context);
    await openChooser(page, server);
    await assertFrenchChooser(page);

    // Tab: the skip link, which leads past the header straight to the ENT button; Enter opens it.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate((): string => document.activeElement?.textContent?.trim() ?? ''), 'Aller au contenu');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate((): string => document.activeElement?.id ?? ''), 'ent-login',
      'the first control of the page is "Se connecter avec Toutatice"');
    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter') ]);
    assert.ok(page.url().startsWith(ent.url), `at the ENT: ${page.url()}`);

    await page.waitForSelector('#login');
    await page.type('#login', ENT_PUPIL.login);
    await page.type('#password', ENT_PUPIL.password);
    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type="submit"]') ]);
    assert.ok(page.url().startsWith(`${server.url}.account/login/ent/terms/`), `the terms: ${page.url()}`);
    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }),
      page.click('button[name="decision"][value="accept"]') ]);

    await assertFrenchConsent(page);
    await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#authorize') ]);
    await waitForText(page, /Bonjour Camille Martin/u);
    assert.equal(new URL(page.url()).origin, new URL(server.url).origin, 'back in the app');
    await context.close();
  });
});
