import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-consents.ts';
import '../../../apps/home/src/home-app.ts';
import type { CartableConsents, ConsentsLoader } from '../../../apps/home/src/cartable-consents.ts';
import type { CartableHomeApp } from '../../../apps/home/src/home-app.ts';
import type { Consents } from '../../../apps/home/src/data/consents.ts';
import { FetchError } from '../../../apps/home/src/data/FetchError.ts';
import type { FetchLike } from '../../../apps/home/src/data/fetchRdf.ts';
import type { Cartable } from '../../../apps/home/src/data/loadCartable.ts';
import type { HomeServices } from '../../../apps/home/src/services.ts';
import { setLanguage } from '../../../apps/shared/i18n.ts';
import { CAMILLE, deepActiveElement, DESKTOP, PHONE, POD, resetToFrench, textOf } from './fixtures.ts';

/** Camille's consent record as the data layer gives it (loadConsents is unit-tested in Node). */
const CONSENTS: Consents = { grants: [{
  label: { fr: 'Mes parents voient ma scolarité', en: 'My parents see my school records' },
  description: {
    fr: 'Comme tu as moins de 15 ans, tes parents (responsables légaux, d’après l’ENT) peuvent lire ton dossier « Scolarité ». À tes 15 ans (2027-03-14), tu seras prévenu(e).',
    en: 'Because you are under 15, your parents (legal guardians, from the ENT) can read your "School records" folder. On your 15th birthday (2027-03-14) you will be told.',
  },
  until: '2027-03-14',
}]};

const noFetch: FetchLike = async(): Promise<Response> => new Response(null, { status: 500 });

/** A loader that answers with each of `results` in turn (the last one repeats) and records its calls. */
function loader(...results: (() => Promise<Consents>)[]): ConsentsLoader & { calls: { fetch: FetchLike; storage: string }[] } {
  const calls: { fetch: FetchLike; storage: string }[] = [];
  const load = async(fetchFn: FetchLike, storage: string): Promise<Consents> => {
    calls.push({ fetch: fetchFn, storage });
    return (results[calls.length - 1] ?? results[results.length - 1]!)();
  };
  return Object.assign(load, { calls });
}

async function consents(load: ConsentsLoader): Promise<CartableConsents> {
  const el = await fixture<CartableConsents>(html`
    <cartable-consents .fetcher=${noFetch} .loader=${load} storage=${POD}></cartable-consents>`);
  await waitUntil((): boolean => el.shadowRoot!.querySelector('cartable-busy-indicator') === null, 'loaded');
  await el.updateComplete;
  return el;
}

function headings(el: Element): string[] {
  return [ ...el.shadowRoot!.querySelectorAll('h1, h2') ].map((heading): string => `${heading.localName} ${heading.textContent.trim()}`);
}

function clearHash(): void {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

describe('cartable-consents', (): void => {
  beforeEach(resetToFrench);
  after(async(): Promise<void> => {
    resetToFrench();
    await setViewport(DESKTOP);
  });

  it('shows each access under its label, with its description.', async(): Promise<void> => {
    const load = loader(async(): Promise<Consents> => CONSENTS);
    const el = await consents(load);
    expect(load.calls).to.deep.equal([{ fetch: noFetch, storage: POD }]);
    expect(headings(el)).to.deep.equal([ 'h1 Qui voit quoi', 'h2 Mes parents voient ma scolarité' ]);
    expect(textOf(el)).to.contain('Comme tu as moins de 15 ans');
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
  });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`is accessible and fits the screen on a ${name} (${size.width}×${size.height}).`, async(): Promise<void> => {
      await setViewport(size);
      const el = await consents(loader(async(): Promise<Consents> => CONSENTS));
      await expect(el).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      for (const block of el.shadowRoot!.querySelectorAll('h2, p')) {
        expect(block.getBoundingClientRect().right).to.be.at.most(window.innerWidth);
      }
    });
  }

  it('says calmly that nobody else sees the Cartable when nothing is shared.', async(): Promise<void> => {
    const el = await consents(loader(async(): Promise<Consents> => ({ grants: []})));
    expect(el.shadowRoot!.querySelector('.note')!.textContent).to.equal('Personne d’autre que vous ne voit votre cartable pour l’instant.');
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    await expect(el).to.be.accessible();
    setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.note')!.textContent).to.equal('Nobody but you sees your Cartable for now.');
  });

  it('shows an alert when the record cannot be read, and retries, focus back on the heading.', async(): Promise<void> => {
    const load = loader(
      async(): Promise<Consents> => {
        throw new FetchError('500', { url: `${POD}consents/parents`, statusCode: 500, failure: 'status' });
      },
      async(): Promise<Consents> => CONSENTS,
    );
    const el = await consents(load);
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.querySelector('h2')!.textContent).to.equal('Impossible d’afficher qui voit quoi');
    expect(alert.textContent).to.contain('Le serveur a rencontré un problème.');
    await expect(el).to.be.accessible();
    alert.querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil((): boolean => el.shadowRoot!.querySelector('[role=alert]') === null && headings(el).length === 2, 'shown after retry');
    expect(load.calls).to.have.length(2);
    await waitUntil((): boolean => deepActiveElement() === el.shadowRoot!.querySelector('h1'), 'focus on the heading');
  });

  it('speaks English when asked.', async(): Promise<void> => {
    const el = await consents(loader(async(): Promise<Consents> => CONSENTS));
    setLanguage('en');
    await el.updateComplete;
    expect(headings(el)).to.deep.equal([ 'h1 Who sees what', 'h2 My parents see my school records' ]);
    expect(textOf(el)).to.contain('Because you are under 15');
  });
});

describe('cartable-home-app with "Qui voit quoi"', (): void => {
  beforeEach((): void => {
    resetToFrench();
    clearHash();
  });
  afterEach(clearHash);
  after(async(): Promise<void> => {
    await setViewport(DESKTOP);
  });

  const sessionFetch: FetchLike = async(): Promise<Response> => new Response(null, { status: 500 });

  function services(load?: ConsentsLoader): HomeServices {
    return {
      session: {
        info: { isLoggedIn: true, webId: CAMILLE.webId },
        handleIncomingRedirect: async(): Promise<unknown> => undefined,
        login: async(): Promise<void> => undefined,
        logout: async(): Promise<void> => undefined,
        fetch: sessionFetch,
      },
      loadCartable: async(): Promise<Cartable> => CAMILLE,
      ...load === undefined ? {} : { loadConsents: load },
      storages: [],
    };
  }

  async function home(homeServices: HomeServices): Promise<CartableHomeApp> {
    const app = await fixture<CartableHomeApp>(html`<cartable-home-app .services=${homeServices}></cartable-home-app>`);
    await waitUntil((): boolean => app.shadowRoot!.querySelector('main cartable-area-grid') !== null, 'areas shown');
    await app.shadowRoot!.querySelector('cartable-area-grid')!.updateComplete;
    return app;
  }

  function consentsLink(app: CartableHomeApp): HTMLAnchorElement {
    return app.shadowRoot!.querySelector('cartable-area-grid')!.shadowRoot!.querySelector<HTMLAnchorElement>('a[data-area="consents"]')!;
  }

  it('links the "Qui voit quoi" area to the in-app view only when the services read consents.', async(): Promise<void> => {
    const app = await home(services(loader(async(): Promise<Consents> => CONSENTS)));
    expect(consentsLink(app).getAttribute('href')).to.equal('#consents');
    const without = await home(services());
    expect(consentsLink(without).getAttribute('href')).to.equal(`${POD}consents/`);
  });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`opens "Qui voit quoi" from the area grid with the keyboard, and goes back with "Retour", on a ${name}.`,
      async(): Promise<void> => {
        await setViewport(size);
        const load = loader(async(): Promise<Consents> => ({ grants: []}));
        const app = await home(services(load));
        consentsLink(app).focus();
        await sendKeys({ press: 'Enter' });

        await waitUntil((): boolean => app.shadowRoot!.querySelector('main cartable-consents') !== null, 'view shown');
        const view = app.shadowRoot!.querySelector('cartable-consents')!;
        expect(location.hash).to.equal('#consents');
        expect(load.calls).to.deep.equal([{ fetch: sessionFetch, storage: POD }]);
        await waitUntil((): boolean => view.shadowRoot!.querySelector('.note') !== null, 'note shown');
        await waitUntil((): boolean => deepActiveElement() === view.shadowRoot!.querySelector('h1'), 'focus on the heading');
        expect(app.shadowRoot!.querySelector('cartable-area-grid')!.getClientRects()).to.have.length(0);
        await expect(app).to.be.accessible();
        expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);

        app.shadowRoot!.querySelector<HTMLButtonElement>('main > div > button')!.click();
        await waitUntil((): boolean => app.shadowRoot!.querySelector('cartable-consents') === null, 'view closed');
        expect(location.hash).to.equal('');
        await waitUntil((): boolean => deepActiveElement() === consentsLink(app), 'focus back on the "Qui voit quoi" link');
      });
  }
});
