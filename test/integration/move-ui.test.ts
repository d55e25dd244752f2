// The demo pupil moves her Cartable with the UI (docs/move.md, "Live move"), in real Chromium: Cartable and a
// stock Community Solid Server 7.2 each on their own host name ending in .localhost (cookies do not collide;
// .ci/run puts the names in /etc/hosts). She signs in, opens Paramètres → Déménager, gives her new pod on stock
// CSS and its client credentials, checks, confirms and watches the progress until "Votre cartable a déménagé";
// her files are on stock CSS and her old addresses redirect. Then, signed in to a new Cartable pod, she brings it
// back with the same wizard ("Faire venir ici"), and the home app reads it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { loadCartable } from '../../apps/home/src/data/loadCartable.ts';
import { bearerTokenFor, clientCredentialsFor, controls, createAccountWithPod, passwordLogin, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { CHROMIUM, CHROMIUM_ARGS, PHONE, axeViolations, clickButton, waitForText } from '../util/browser.ts';
import { freePort, startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { CARTABLE_HOST, STOCK_HOST, checkTestHosts } from '../util/hosts.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';

const DEMO_PUPIL = { email: 'camille.martin@demo.cartable.example', password: 'cartable-demo' };

/** The demo pupil's pod URL, from her account. */
async function demoPod(baseUrl: string): Promise<string> {
  const authorization = await passwordLogin(baseUrl, DEMO_PUPIL.email, DEMO_PUPIL.password);
  const ctl = await controls(baseUrl, authorization);
  const response = await fetch(ctl.account.pod, { headers: { authorization: `CSS-Account-Token ${authorization}`, accept: 'application/json' } });
  const { pods } = await response.json() as { pods: Record<string, string> };
  const [ pod ] = Object.keys(pods);
  assert.ok(pod, 'the demo pupil has a pod');
  return pod;
}

async function signIn(page: Page, server: TestServer, who: { email: string; password: string } = DEMO_PUPIL): Promise<void> {
  await page.goto(server.url, { waitUntil: 'networkidle0' });
  await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), clickButton(page, 'Se connecter') ]);
  await page.waitForSelector('a[href$="/.account/login/password/"]');
  await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('a[href$="/.account/login/password/"]') ]);
  await page.waitForSelector('#email');
  await page.type('#email', who.email);
  await page.type('#password', who.password);
  await page.waitForSelector('button[name="submit"]:not([disabled])');
  await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[name="submit"]') ]);
  await page.waitForSelector('#authorize:not([disabled])');
  await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#authorize') ]);
  await waitForText(page, /Bonjour/u);
}

describe('a demo pupil moves her Cartable to another Solid provider with the UI, and back with the UI', (): void => {
  let cartable: TestServer;
  let stock: StockServer;
  let browser: Browser;
  let profile: string;
  let target: TestAccount;

  before(async(): Promise<void> => {
    await checkTestHosts();
    const port = await freePort();
    [ cartable, stock ] = await Promise.all([
      startTestServer({ demo: true, port, baseUrl: `http://${CARTABLE_HOST}:${port}/` }),
      startStockCss(STOCK_HOST),
    ]);
    target = await createAccountWithPod(stock.url, 'camille');
    profile = mkdtempSync(join(tmpdir(), 'cartable-chromium-'));
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, userDataDir: profile, args: CHROMIUM_ARGS });
  });

  after(async(): Promise<void> => {
    await browser?.close();
    await Promise.all([ cartable?.stop(), stock?.stop() ]);
    rmSync(profile, { recursive: true, force: true });
  });

  it('moves with the wizard: check, confirm, progress, done; the old addresses redirect', async(t): Promise<void> => {
    const page = await browser.newPage();
    await page.setViewport(PHONE);
    await signIn(page, cartable);
    const oldPod = await demoPod(cartable.url);

    await clickButton(page, 'Paramètres').catch(async(): Promise<void> => {
      await page.goto(`${cartable.url}#settings`, { waitUntil: 'networkidle0' });
    });
    await waitForText(page, /Déménager mon cartable/u);
    const { id, secret } = await clientCredentialsFor(stock.url, target, 'move-ui');
    await page.locator('pierce/#pod').fill(target.pod);
    await page.locator('pierce/#clientId').fill(id);
    await page.locator('pierce/#clientSecret').fill(secret);
    await clickButton(page, 'Vérifier');
    const checked = await waitForText(page, /Tout est prêt pour le déménagement/u, 60_000);
    assert.match(checked, /n’est pas un serveur Cartable/u, 'the wizard says what cannot be checked on stock CSS');
    assert.deepEqual(await axeViolations(page), [], 'the check result is accessible');

    await page.locator('pierce/#confirm').click();
    await clickButton(page, 'Déménager mon cartable');
    const started = Date.now();
    const done = await waitForText(page, /Votre cartable a déménagé/u, 180_000);
    assert.ok(done.includes(target.pod), 'the new address is shown');
    assert.deepEqual(await axeViolations(page), [], 'the result is accessible');
    t.diagnostic(`moved with the UI in ${Date.now() - started} ms`);

    // Her data is on stock CSS; the old addresses redirect there.
    const token = await bearerTokenFor(stock.url, target);
    const listing = await fetch(`${target.pod}school/`, { headers: { authorization: `Bearer ${token}`, accept: 'text/turtle' } });
    assert.equal(listing.status, 200, 'her school records folder is on the new pod');
    const old = await fetch(`${oldPod}school/`, { redirect: 'manual' });
    assert.equal(old.status, 308);
    assert.equal(old.headers.get('location'), `${target.pod}school/`);
    await page.close();
  });

  it('comes back into a new Cartable pod with the wizard ("faire venir ici"), and the home app reads it', async(t): Promise<void> => {
    const back = await createAccountWithPod(cartable.url, 'b4c5d6', { fullName: 'Camille Martin', role: 'pupil' });
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(PHONE);
    await signIn(page, cartable, back);
    await page.goto(`${cartable.url}#settings`, { waitUntil: 'networkidle0' });
    await waitForText(page, /Faire venir ici un cartable/u);
    await page.locator('pierce/#direction-in').click();
    await waitForText(page, /Adresse du cartable à faire venir/u);
    const { id, secret } = await clientCredentialsFor(stock.url, target, 'move-ui-back');
    await page.locator('pierce/#pod').fill(target.pod);
    await page.locator('pierce/#clientId').fill(id);
    await page.locator('pierce/#clientSecret').fill(secret);
    await clickButton(page, 'Vérifier');
    await waitForText(page, /Tout est prêt pour le déménagement/u, 60_000);
    await page.locator('pierce/#confirm').click();
    await clickButton(page, 'Faire venir le cartable');
    const started = Date.now();
    const done = await waitForText(page, /Le cartable est arrivé/u, 180_000);
    assert.ok(done.includes(target.pod), 'the pod it came from is named');
    assert.deepEqual(await axeViolations(page), [], 'the result is accessible');
    t.diagnostic(`brought back with the UI in ${Date.now() - started} ms`);
    await context.close();

    const session = await sessionFor(cartable.url, back);
    try {
      const home = await loadCartable(session.fetch, back.webId);
      assert.equal(home.storage, back.pod);
      const school = await session.fetch(`${back.pod}school/`, { headers: { accept: 'text/turtle' } });
      assert.equal(school.status, 200);
    } finally {
      await session.logout();
    }
  });
});
