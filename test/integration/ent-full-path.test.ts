// The whole ENT path of a pupil on a shared school computer, in one real Chromium session at phone size,
// against the simulated ENT and a real Cartable: home page → "Se connecter" → the French chooser → "Se
// connecter avec Toutatice" → the ENT's login form → Cartable's terms → the French consent → back home with
// the greeting, the areas and the ENT launcher; then "Se déconnecter" through the ENT logout to "Vous êtes
// déconnecté", with nothing left behind: no web storage, no account cookie, nothing private on Back, and no
// silent sign-in at the ENT. axe checks the terms page and the home page with the launcher.
import assert from 'node:assert/strict';
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
import { axeViolations, CHROMIUM, CHROMIUM_ARGS, clickButton, deepText, phonePage, waitForText } from '../util/browser.ts';

const PUPIL = { login: 'yanis.kerbrat', password: 'demo', name: 'Yanis Kerbrat' };

/** Waits for the navigation that `action` starts, until the network is idle. */
async function navigate(page: Page, action: Promise<unknown>): Promise<void> {
  await Promise.all([ page.waitForNavigation({ waitUntil: 'networkidle0' }), action ]);
}

/** The links of the ENT launcher (in its shadow root): app id, title and address, in order. */
async function launcherLinks(page: Page): Promise<{ app: string; title: string; href: string }[]> {
  return page.$$eval('cartable-home-app >>> cartable-app-launcher >>> a[data-app]', (links): { app: string; title: string; href: string }[] =>
    links.map((link): { app: string; title: string; href: string } => ({
      app: (link).dataset.app ?? '',
      title: link.querySelector('.title')?.textContent?.trim() ?? '',
      href: (link).href,
    })));
}

/** What the greeting says about the person, as "term: value" (the colon is drawn by CSS). */
async function greetingFacts(page: Page): Promise<Record<string, string>> {
  return Object.fromEntries(await page.$$eval('cartable-home-app >>> cartable-greeting >>> dl > div', (facts): [string, string][] =>
    facts.map((fact): [string, string] => [ fact.querySelector('dt')?.textContent?.trim() ?? '',
      fact.querySelector('dd')?.textContent?.trim() ?? '' ])));
}

describe('a pupil signs in with the ENT on a shared computer and signs out', (): void => {
  let server: TestServer;
  let ent: TestEnt;
  let browser: Browser;
  let profile: string;

  before(async(): Promise<void> => {
    const port = await freePort();
    ent = await startTestEnt(`http://localhost:${port}/`);
    server = await startTestServer({ port, ent: ent.settingsFor(`http://localhost:${port}/`) });
    profile = mkdtempSync(join(tmpdir(), 'cartable-chromium-'));
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, userDataDir: profile, args: CHROMIUM_ARGS });
  });

  after(async(): Promise<void> => {
    await browser?.close();
    await server?.stop();
    await ent?.stop();
    if (profile) {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('goes from the home page through the ENT, the terms and the consent to the launcher, then signs out fully',
    async(): Promise<void> => {
      // The shared computer's browser profile: its default context, not a private window.
      const context = browser.defaultBrowserContext();
      const page = await phonePage(context);
      const cartable = new URL(server.url);

      // The home page, signed out.
      const home = await page.goto(server.url, { waitUntil: 'networkidle0' });
      assert.equal(home?.status(), 200);
      await waitForText(page, /Se connecter/u);
      assert.equal(await page.evaluate((): string => document.documentElement.lang), 'fr');

      // "Se connecter" → the French chooser, the ENT first.
      await navigate(page, clickButton(page, 'Se connecter'));
      await page.waitForSelector('#ent-method:not(.hidden)');
      assert.equal(new URL(page.url()).pathname, '/.account/login/', `the chooser: ${page.url()}`);
      assert.equal(await page.evaluate((): string => document.documentElement.lang), 'fr');
      assert.equal(await page.$eval('h1', (element): string => element.textContent ?? ''), 'Se connecter à Cartable');
      assert.equal(await page.$eval('#ent-login', (element): string => element.textContent?.trim() ?? ''),
        'Se connecter avec Toutatice');
      assert.equal(await page.$eval('main', (main): string => main.querySelector('a, button')?.id ?? ''), 'ent-login',
        'the main button, "Se connecter avec Toutatice", comes first');

      // The simulated ENT's login form.
      await navigate(page, page.click('#ent-login'));
      assert.ok(page.url().startsWith(`${ent.url}/`), `at the ENT: ${page.url()}: ${(await deepText(page)).slice(0, 300)}`);
      await page.waitForSelector('#login');
      assert.equal(await page.$eval('h1', (element): string => element.textContent ?? ''), 'Connexion à l\'ENT');
      await page.type('#login', PUPIL.login);
      await page.type('#password', PUPIL.password);
      await navigate(page, page.click('button[type="submit"]'));

      // Cartable's terms, in French, saying what Cartable receives from the ENT.
      assert.ok(page.url().startsWith(`${server.url}.account/login/ent/terms/`), `the terms: ${page.url()}`);
      assert.equal(await page.evaluate((): string => document.documentElement.lang), 'fr');
      const terms = await waitForText(page, /Ce que Cartable reçoit de l'ENT/u);
      assert.match(terms, /Bonjour Yanis : votre cartable numérique/u, 'greeted by his first name, from the ENT');
      for (const received of [ /votre identifiant ENT/u, /vos nom et prénom, votre rôle/u, /votre établissement et vos classes ou groupes/u,
        /la liste de vos camarades et enseignants/u, /votre date de naissance si vous êtes élève/u ]) {
        assert.match(terms, received, 'the terms say what Cartable receives');
      }
      assert.match(terms, /Ce que Cartable en fait/u);
      assert.deepEqual(await axeViolations(page), [], 'the terms page passes axe');
      await navigate(page, page.click('button[name="decision"][value="accept"]'));

      // Cartable's consent page, in French; "Autoriser".
      await page.waitForSelector('#authorize:not([disabled])');
      assert.equal(new URL(page.url()).pathname, '/.account/oidc/consent/', `the consent page: ${page.url()}`);
      assert.equal(await page.evaluate((): string => document.documentElement.lang), 'fr');
      assert.match(await page.$eval('h1', (element): string => element.textContent?.replace(/\s+/gu, ' ').trim() ?? ''),
        /^L[’']application Cartable souhaite accéder à votre cartable$/u);
      assert.equal(await page.$eval('#authorize', (element): string => element.textContent?.trim() ?? ''), 'Autoriser');
      assert.equal(await page.$eval('input[name="remember"]', (element): boolean => element.checked), false,
        'nothing is remembered by default on a shared computer');
      await navigate(page, page.click('#authorize'));

      // Back home: the greeting, class and school, the areas, and the ENT launcher with his applications.
      const signedIn = await waitForText(page, /Bonjour Yanis Kerbrat.*Pronote/u, 30_000);
      assert.equal(new URL(page.url()).origin, cartable.origin, `back in the app: ${page.url()}`);
      const facts = await greetingFacts(page);
      assert.match(facts.Classe ?? '', /^3 ?e? ?B$/u, `his class is shown: ${JSON.stringify(facts)}`);
      assert.match(facts['Établissement'] ?? '', /Anjela Duval/iu, `his school is shown: ${JSON.stringify(facts)}`);
      assert.equal(facts['Rôle'], 'Élève');
      for (const area of [ 'Mes fichiers', 'Notes', 'Scolarité', 'Portfolio' ]) {
        assert.ok(signedIn.includes(area), `the area "${area}" is shown`);
      }
      assert.match(signedIn, /Mes applications de l’ENT/u);
      const links = await launcherLinks(page);
      const titles = links.map((link): string => link.title);
      for (const title of [ 'Pronote', 'Messagerie', 'Éléa', 'Médiacentre' ]) {
        assert.ok(titles.includes(title), `the launcher shows ${title}: ${titles.join(' | ')}`);
      }
      assert.deepEqual(titles.slice(0, 3), [ 'Pronote', 'Messagerie', 'Éléa' ], 'his favourites first');
      assert.ok(!titles.includes('Espace pédagogique') && !titles.includes('Arena'), 'no staff applications for a pupil');
      const pronote = links.find((link): boolean => link.app !== '' && link.title === 'Pronote');
      assert.ok(pronote?.href.startsWith(`${ent.url}/apps/pronote/`), `Pronote opens at the ENT: ${pronote?.href}`);
      assert.deepEqual(await axeViolations(page), [], 'the home page with the launcher passes axe');

      // His classmates and teachers, from the ENT directory, in his contacts.
      await page.goto(`${server.url}#contacts`, { waitUntil: 'networkidle0' });
      const contacts = await waitForText(page, /Mes contacts.*Maël Guillou/u, 30_000);
      for (const name of [ 'Jade Riou', 'Claire Morvan' ]) {
        assert.ok(contacts.includes(name), `${name} is in his contacts`);
      }
      assert.ok(!contacts.includes('Lina Le Goff'), 'a pupil of another class is not');
      assert.deepEqual(await axeViolations(page), [], 'the contacts view passes axe');
      // Who sees what: at 15 nothing is shared by default (parents' access is for pupils under 15).
      await page.goto(`${server.url}#consents`, { waitUntil: 'networkidle0' });
      await waitForText(page, /Personne d’autre que vous ne voit votre cartable/u, 30_000);
      assert.deepEqual(await axeViolations(page), [], 'the who-sees-what view passes axe');
      await page.goto(server.url, { waitUntil: 'networkidle0' });
      await waitForText(page, /Bonjour Yanis Kerbrat/u);

      // "Se déconnecter": Cartable, then the ENT's logout, then Cartable's signed-out page.
      await navigate(page, clickButton(page, 'Se déconnecter'));
      assert.ok(page.url().startsWith(`${ent.url}/`), `through the ENT logout: ${page.url()}`);
      assert.match(await deepText(page), /Se déconnecter de l'ENT \?/u);
      await navigate(page, page.click('button[name="logout"][value="yes"]'));
      const done = new URL(page.url());
      assert.equal(`${done.origin}${done.pathname}`, `${server.url}.account/logout/done/`, `the signed-out page: ${page.url()}`);
      assert.deepEqual([ ...done.searchParams.keys() ].filter((key): boolean => key !== 'state'), [],
        `nothing but a state in the address: ${page.url()}`);
      const signedOut = await waitForText(page, /Vous êtes déconnecté/u);
      assert.ok(!signedOut.includes('Yanis'), 'the signed-out page shows nothing private');
      assert.equal(await page.evaluate((): number => localStorage.length + sessionStorage.length), 0,
        'nothing of the session is left in web storage');
      const cookies = (await context.cookies()).filter((cookie): boolean => cookie.domain === cartable.hostname);
      assert.deepEqual(cookies.map((cookie): string => cookie.name), [ 'cartable-ent-relogin' ],
        'no Cartable cookie is left but the flag that makes the next ENT sign-in ask for the password');

      // Back (the back-forward cache included) shows nothing private, up to the home page.
      for (let step = 0; step < 3 && new URL(page.url()).href !== server.url; step++) {
        await page.goBack({ waitUntil: 'networkidle0' });
        assert.ok(!(await deepText(page)).includes('Yanis'), `Back shows no private data at ${page.url()}`);
      }
      assert.equal(page.url(), server.url, 'Back leads to the home page');
      const back = await waitForText(page, /Se connecter/u);
      assert.ok(!back.includes('Yanis'), 'Back shows the signed-out home page');

      // Reopening the home page: signed out.
      await page.goto(server.url, { waitUntil: 'networkidle0' });
      const reopened = await waitForText(page, /Se connecter/u);
      assert.ok(!reopened.includes('Yanis'), 'nothing private after reopening the home page');

      // The ENT session is over too: the ENT asks for the login and password again.
      await navigate(page, clickButton(page, 'Se connecter'));
      await page.waitForSelector('#ent-method:not(.hidden)');
      await navigate(page, page.click('#ent-login'));
      assert.ok(page.url().startsWith(`${ent.url}/`), `at the ENT, not signed in silently: ${page.url()}`);
      await page.waitForSelector('#login');
      await page.waitForSelector('#password');
      assert.equal(await page.$eval('#login', (element): string => (element as HTMLInputElement).value), '', 'no login remembered');
      await page.close();
    });
});
