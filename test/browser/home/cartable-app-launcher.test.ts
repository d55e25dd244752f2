import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-app-launcher.ts';
import '../../../apps/home/src/home-app.ts';
import type { CartableAppLauncher, LauncherLoader } from '../../../apps/home/src/cartable-app-launcher.ts';
import { FetchError } from '../../../apps/home/src/data/FetchError.ts';
import type { FetchLike } from '../../../apps/home/src/data/fetchRdf.ts';
import type { Launcher, LauncherApp } from '../../../apps/home/src/data/launcher.ts';
import { groupLauncher } from '../../../apps/home/src/data/launcher.ts';
import type { Cartable } from '../../../apps/home/src/data/loadCartable.ts';
import type { HomeServices } from '../../../apps/home/src/services.ts';
import { setLanguage } from '../../../apps/shared/i18n.ts';
import { CAMILLE, deepActiveElement, DESKTOP, PHONE, resetToFrench, textOf } from './fixtures.ts';

const SERVER = 'https://cartable.example/';

/** An icon that needs no network. */
function icon(color: string): string {
  return `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="${color}"/></svg>`)}`;
}

/** Camille's ENT apps as the server sends them: favourites first, then by rank (categories in order of first app). */
const APPS: LauncherApp[] = [
  { id: 'p', title: 'Pronote', description: 'Vie scolaire : notes, devoirs, emploi du temps', url: 'https://ent.example/apps/pronote/',
    icon: icon('#1b7a3e'), category: 'ENT', favourite: true },
  { id: 'm', title: 'Messagerie', description: 'Messagerie académique Toutatice', url: 'https://ent.example/apps/messagerie/',
    icon: icon('#2459a8'), category: 'Toutatice', favourite: true },
  { id: 'e', title: 'Éléa', description: 'Parcours et activités en ligne (Moodle)', url: 'https://ent.example/apps/elea/',
    icon: 'data:image/svg+xml,not-an-image', category: 'Toutatice', favourite: false },
  { id: 'c', title: 'CDI - e-sidoc', description: 'Catalogue et ressources du CDI', url: 'https://ent.example/apps/esidoc/',
    icon: null, category: 'ENT', favourite: false },
  { id: 'g', title: 'Médiacentre', description: 'Ressources numériques pour l’école (GAR)', url: 'https://ent.example/apps/mediacentre/',
    icon: icon('#0e7490'), category: 'GAR', favourite: false },
  { id: 'x', title: 'Atelier', description: '', url: 'https://ent.example/apps/atelier/', icon: null, category: '', favourite: false },
];
const LAUNCHER = groupLauncher(APPS);

const noFetch: FetchLike = async(): Promise<Response> => new Response(null, { status: 500 });

/** A loader that answers with each of `results` in turn (the last one repeats) and records its calls. */
function loader(...results: (() => Promise<Launcher>)[]): LauncherLoader & { calls: string[] } {
  const calls: string[] = [];
  const load = async(_fetch: FetchLike, server: string): Promise<Launcher> => {
    calls.push(server);
    return (results[calls.length - 1] ?? results[results.length - 1]!)();
  };
  return Object.assign(load, { calls });
}

async function launcher(load: LauncherLoader): Promise<CartableAppLauncher> {
  const el = await fixture<CartableAppLauncher>(html`
    <cartable-app-launcher .fetcher=${noFetch} .loader=${load} server=${SERVER}></cartable-app-launcher>`);
  await waitUntil((): boolean => el.shadowRoot!.querySelector('cartable-busy-indicator') === null, 'loaded');
  await el.updateComplete;
  return el;
}

function links(el: CartableAppLauncher): HTMLAnchorElement[] {
  return [ ...el.shadowRoot!.querySelectorAll('a') ];
}

function headings(el: CartableAppLauncher): string[] {
  return [ ...el.shadowRoot!.querySelectorAll('h2, h3') ].map((heading): string => heading.textContent.trim());
}

describe('cartable-app-launcher', (): void => {
  beforeEach(resetToFrench);
  after(async(): Promise<void> => {
    resetToFrench();
    await setViewport(DESKTOP);
  });

  it('lists the favourites first, then each category under its heading, as same-tab links.', async(): Promise<void> => {
    const load = loader(async(): Promise<Launcher> => LAUNCHER);
    const el = await launcher(load);
    expect(load.calls).to.deep.equal([ SERVER ]);
    expect(headings(el)).to.deep.equal([ 'Mes applications de l’ENT', 'Favoris', 'Services Toutatice', 'Services de l’ENT',
      'Ressources numériques (GAR)', 'Autres applications' ]);
    expect(links(el).map((a): string => a.getAttribute('href')!)).to.deep.equal([
      'https://ent.example/apps/pronote/', 'https://ent.example/apps/messagerie/', 'https://ent.example/apps/elea/',
      'https://ent.example/apps/esidoc/', 'https://ent.example/apps/mediacentre/', 'https://ent.example/apps/atelier/',
    ]);
    expect(links(el).every((a): boolean => !a.hasAttribute('target'))).to.be.true;
    const pronote = links(el)[0]!;
    expect(pronote.textContent).to.contain('Pronote');
    expect(pronote.textContent).to.contain('Vie scolaire');
    expect(pronote.querySelector('img')!.getAttribute('alt')).to.equal('');
    const esidoc = el.shadowRoot!.querySelector('a[data-app="c"] .initial')!;
    expect(esidoc.textContent).to.equal('C');
    expect(esidoc.getAttribute('aria-hidden')).to.equal('true');
  });

  it('hides an icon that cannot be shown rather than a broken image.', async(): Promise<void> => {
    const el = await launcher(loader(async(): Promise<Launcher> => LAUNCHER));
    const broken = el.shadowRoot!.querySelector<HTMLImageElement>('a[data-app="e"] img')!;
    await waitUntil((): boolean => broken.hidden, 'broken icon hidden');
    expect(el.shadowRoot!.querySelector<HTMLImageElement>('a[data-app="p"] img')!.hidden).to.be.false;
  });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`is accessible and fits the screen on a ${name} (${size.width}×${size.height}).`, async(): Promise<void> => {
      await setViewport(size);
      const el = await launcher(loader(async(): Promise<Launcher> => LAUNCHER));
      await expect(el).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      for (const anchor of links(el)) {
        expect(anchor.getBoundingClientRect().right).to.be.at.most(window.innerWidth);
        expect(anchor.getBoundingClientRect().height).to.be.at.least(44);
      }
      const [ first, second ] = links(el);
      if (name === 'phone') {
        expect(second!.getBoundingClientRect().top).to.be.greaterThan(first!.getBoundingClientRect().top);
      } else {
        expect(second!.getBoundingClientRect().top).to.equal(first!.getBoundingClientRect().top);
      }
    });
  }

  it('lets a keyboard user reach every app with Tab, favourites first, and follow one with Enter.', async(): Promise<void> => {
    const wrapper = await fixture<HTMLElement>(html`
      <div><button>before</button><cartable-app-launcher .fetcher=${noFetch} server=${SERVER}
        .loader=${loader(async(): Promise<Launcher> => LAUNCHER)}></cartable-app-launcher></div>`);
    const el = wrapper.querySelector('cartable-app-launcher')!;
    await waitUntil((): boolean => links(el).length === APPS.length, 'apps shown');
    wrapper.querySelector('button')!.focus();
    for (const anchor of links(el)) {
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()).to.equal(anchor);
    }
    let followed: string | null = null;
    const first = links(el)[0]!;
    first.addEventListener('click', (event): void => {
      followed = (event.currentTarget as HTMLAnchorElement).href;
      event.preventDefault();
    });
    first.focus();
    await sendKeys({ press: 'Enter' });
    expect(followed).to.equal('https://ent.example/apps/pronote/');
  });

  it('shows the busy indicator while loading.', async(): Promise<void> => {
    let finish: (launcher: Launcher) => void = (): void => undefined;
    const el = await fixture<CartableAppLauncher>(html`
      <cartable-app-launcher .fetcher=${noFetch} server=${SERVER} .loader=${loader(async(): Promise<Launcher> =>
        new Promise((resolve): void => {
          finish = resolve;
        }))}></cartable-app-launcher>`);
    const busy = el.shadowRoot!.querySelector('cartable-busy-indicator')!;
    expect(busy).to.exist;
    expect(textOf(busy)).to.equal('Chargement de vos applications de l’ENT…');
    await expect(el).to.be.accessible();
    finish(LAUNCHER);
    await waitUntil((): boolean => links(el).length > 0, 'apps shown');
  });

  it('says clearly why there are no apps, without an error.', async(): Promise<void> => {
    for (const [ reason, text ] of [
      [ 'not-linked', 'Votre compte Cartable n’est pas relié à l’ENT.' ],
      [ 'no-ent', 'Ce Cartable n’est relié à aucun ENT' ],
      [ 'sign-in-again', 'reconnectez-vous avec Toutatice' ],
      [ 'not-supported', 'Ce serveur Solid ne propose pas les applications de l’ENT.' ],
    ] as const) {
      const el = await launcher(loader(async(): Promise<Launcher> => ({ available: false, reason })));
      const note = el.shadowRoot!.querySelector('.note')!;
      expect(note.textContent).to.contain(text);
      expect(note.getAttribute('role')).to.equal('status');
      expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
      expect(links(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    }
    const empty = await launcher(loader(async(): Promise<Launcher> => groupLauncher([])));
    expect(textOf(empty)).to.contain('Votre ENT ne propose aucune application pour le moment.');
  });

  it('shows an alert when the ENT does not answer, and retries from the keyboard, focus back on the heading.',
    async(): Promise<void> => {
      const load = loader(
        async(): Promise<Launcher> => {
          throw new FetchError('503', { url: `${SERVER}.cartable/ent/apps`, statusCode: 503, failure: 'status' });
        },
        async(): Promise<Launcher> => LAUNCHER,
      );
      const el = await launcher(load);
      const alert = el.shadowRoot!.querySelector('[role=alert]')!;
      expect(alert.querySelector('h3')!.textContent).to.equal('Impossible d’afficher vos applications de l’ENT');
      expect(alert.textContent).to.contain('L’ENT ne répond pas pour le moment.');
      await expect(el).to.be.accessible();
      alert.querySelector('button')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil((): boolean => links(el).length === APPS.length, 'apps shown after retry');
      expect(load.calls).to.have.length(2);
      await waitUntil((): boolean => deepActiveElement() === el.shadowRoot!.querySelector('h2'), 'focus on the heading');
    });

  it('explains an expired session and a lost connection differently.', async(): Promise<void> => {
    const expired = await launcher(loader(async(): Promise<Launcher> => {
      throw new FetchError('401', { url: SERVER, statusCode: 401, failure: 'status' });
    }));
    expect(textOf(expired)).to.contain('Votre session a expiré. Reconnectez-vous.');
    const offline = await launcher(loader(async(): Promise<Launcher> => {
      throw new FetchError('offline', { url: SERVER, statusCode: null, failure: 'network' });
    }));
    expect(textOf(offline)).to.contain('Le serveur ne répond pas.');
  });

  it('speaks English when asked.', async(): Promise<void> => {
    const el = await launcher(loader(async(): Promise<Launcher> => LAUNCHER));
    setLanguage('en');
    await el.updateComplete;
    expect(headings(el)).to.deep.equal([ 'My ENT applications', 'Favourites', 'Toutatice services', 'ENT services',
      'Digital resources (GAR)', 'Other applications' ]);
  });
});

describe('cartable-home-app with the launcher', (): void => {
  beforeEach(resetToFrench);

  it('shows the ENT apps under the areas once signed in, read with the session\'s fetch from this server.',
    async(): Promise<void> => {
      const sessionFetch: FetchLike = async(): Promise<Response> => new Response(null, { status: 500 });
      const seen: { fetch: FetchLike; server: string }[] = [];
      const services: HomeServices = {
        session: {
          info: { isLoggedIn: true, webId: CAMILLE.webId },
          handleIncomingRedirect: async(): Promise<unknown> => undefined,
          login: async(): Promise<void> => undefined,
          logout: async(): Promise<void> => undefined,
          fetch: sessionFetch,
        },
        loadCartable: async(): Promise<Cartable> => CAMILLE,
        loadLauncher: async(fetchFn: FetchLike, server: string): Promise<Launcher> => {
          seen.push({ fetch: fetchFn, server });
          return LAUNCHER;
        },
        storages: [],
      };
      const app = await fixture(html`<cartable-home-app .services=${services}></cartable-home-app>`);
      await waitUntil((): boolean => app.shadowRoot!.querySelector('main cartable-app-launcher') !== null, 'launcher shown');
      const el = app.shadowRoot!.querySelector<CartableAppLauncher>('main cartable-app-launcher')!;
      await waitUntil((): boolean => links(el).length === APPS.length, 'apps shown');
      const main = app.shadowRoot!.querySelector('main')!;
      const order = [ ...main.children ].map((child): string => child.localName);
      expect(order.indexOf('cartable-app-launcher')).to.be.greaterThan(order.indexOf('cartable-area-grid'));
      expect(seen).to.have.length(1);
      expect(seen[0]!.fetch).to.equal(sessionFetch);
      expect(seen[0]!.server).to.equal(new URL('/', location.href).href);
      await expect(app).to.be.accessible();
    });
});
