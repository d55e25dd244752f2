import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../apps/home/src/cartable-contacts.ts';
import '../../../apps/home/src/home-app.ts';
import type { CartableContacts, ContactsLoader } from '../../../apps/home/src/cartable-contacts.ts';
import type { CartableHomeApp } from '../../../apps/home/src/home-app.ts';
import type { Contacts } from '../../../apps/home/src/data/contacts.ts';
import { FetchError } from '../../../apps/home/src/data/FetchError.ts';
import type { FetchLike } from '../../../apps/home/src/data/fetchRdf.ts';
import type { Cartable } from '../../../apps/home/src/data/loadCartable.ts';
import type { HomeServices } from '../../../apps/home/src/services.ts';
import { setLanguage } from '../../../apps/shared/i18n.ts';
import { CAMILLE, deepActiveElement, DESKTOP, PHONE, POD, resetToFrench, textOf } from './fixtures.ts';

const BOOK = `${POD}contacts/ent-directory`;

/** Camille's address book as the data layer gives it (loadContacts is unit-tested in Node). */
const CONTACTS: Contacts = {
  available: true,
  url: BOOK,
  groups: [
    { name: '4A – COLLEGE DEMO ANJELA DUVAL', kind: 'class', members: [
      { name: 'Élodie Abgrall', role: 'Élève', webId: null },
      { name: 'Lina Le Goff', role: 'Élève', webId: 'https://cartable.example/c0a1b2c3d4e5/profile/card#me' },
      { name: 'Noé Tanguy', role: 'Élève', webId: null },
      { name: 'Claire Morvan', role: 'Enseignant', webId: null },
    ]},
    { name: 'Latin 4e – COLLEGE DEMO ANJELA DUVAL', kind: 'group', members: [
      { name: 'Lina Le Goff', role: 'Élève', webId: 'https://cartable.example/c0a1b2c3d4e5/profile/card#me' },
    ]},
    { name: 'Personnels – COLLEGE DEMO ANJELA DUVAL', kind: 'group', members: [
      { name: 'Yann Quéré', role: 'CPE', webId: null },
      { name: 'Anne Le Bihan', role: 'Professeur documentaliste', webId: null },
    ]},
    { name: '3ESP – COLLEGE DEMO ANJELA DUVAL', kind: 'group', members: []},
  ],
  ungrouped: [{ name: 'Gwen Riou', role: null, webId: null }],
};

const NOT_SYNCED: Contacts = { available: false, url: BOOK, groups: [], ungrouped: []};

const noFetch: FetchLike = async(): Promise<Response> => new Response(null, { status: 500 });

/** A loader that answers with each of `results` in turn (the last one repeats) and records its calls. */
function loader(...results: (() => Promise<Contacts>)[]): ContactsLoader & { calls: { fetch: FetchLike; storage: string }[] } {
  const calls: { fetch: FetchLike; storage: string }[] = [];
  const load = async(fetchFn: FetchLike, storage: string): Promise<Contacts> => {
    calls.push({ fetch: fetchFn, storage });
    return (results[calls.length - 1] ?? results[results.length - 1]!)();
  };
  return Object.assign(load, { calls });
}

async function contacts(load: ContactsLoader): Promise<CartableContacts> {
  const el = await fixture<CartableContacts>(html`
    <cartable-contacts .fetcher=${noFetch} .loader=${load} storage=${POD}></cartable-contacts>`);
  await waitUntil((): boolean => el.shadowRoot!.querySelector('cartable-busy-indicator') === null, 'loaded');
  await el.updateComplete;
  return el;
}

function headings(el: Element): string[] {
  return [ ...el.shadowRoot!.querySelectorAll('h1, h2, h3') ].map((heading): string => `${heading.localName} ${heading.textContent.trim()}`);
}

/** Each list of people as its accessible name (the heading it points to) and its items' text. */
function lists(el: CartableContacts): { name: string; people: string[] }[] {
  return [ ...el.shadowRoot!.querySelectorAll('ul') ].map((list): { name: string; people: string[] } => ({
    name: el.shadowRoot!.getElementById(list.getAttribute('aria-labelledby')!)!.textContent.trim(),
    people: [ ...list.querySelectorAll('li') ].map((item): string => item.textContent.replace(/\s+/gu, ' ').trim()),
  }));
}

/** Drops `#contacts` from the test page's URL. */
function clearHash(): void {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

describe('cartable-contacts', (): void => {
  beforeEach(resetToFrench);
  after(async(): Promise<void> => {
    resetToFrench();
    await setViewport(DESKTOP);
  });

  it('shows the class first, then the other groups and anyone in no group, each as a list under its heading.',
    async(): Promise<void> => {
      const load = loader(async(): Promise<Contacts> => CONTACTS);
      const el = await contacts(load);
      expect(load.calls).to.deep.equal([{ fetch: noFetch, storage: POD }]);
      expect(headings(el)).to.deep.equal([
        'h1 Mes contacts',
        'h2 Ma classe', 'h3 4A – COLLEGE DEMO ANJELA DUVAL',
        'h2 Mes groupes', 'h3 Latin 4e – COLLEGE DEMO ANJELA DUVAL', 'h3 Personnels – COLLEGE DEMO ANJELA DUVAL',
        'h3 3ESP – COLLEGE DEMO ANJELA DUVAL',
        'h2 Autres contacts',
      ]);
      expect(lists(el)).to.deep.equal([
        { name: '4A – COLLEGE DEMO ANJELA DUVAL',
          people: [ 'Élodie Abgrall , Élève', 'Lina Le Goff , Élève', 'Noé Tanguy , Élève', 'Claire Morvan , Enseignant' ]},
        { name: 'Latin 4e – COLLEGE DEMO ANJELA DUVAL', people: [ 'Lina Le Goff , Élève' ]},
        { name: 'Personnels – COLLEGE DEMO ANJELA DUVAL', people: [ 'Yann Quéré , CPE', 'Anne Le Bihan , Professeur documentaliste' ]},
        { name: 'Autres contacts', people: [ 'Gwen Riou' ]},
      ]);
      expect(textOf(el)).to.contain('Personne d’autre dans ce groupe pour le moment.');
      expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    });

  it('says "Mes classes" for a teacher with several classes.', async(): Promise<void> => {
    const el = await contacts(loader(async(): Promise<Contacts> => ({ ...CONTACTS, groups: [
      { name: '4A', kind: 'class', members: []}, { name: '4B', kind: 'class', members: []},
    ], ungrouped: []})));
    expect(headings(el)).to.deep.equal([ 'h1 Mes contacts', 'h2 Mes classes', 'h3 4A', 'h3 4B' ]);
  });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`is accessible and fits the screen on a ${name} (${size.width}×${size.height}).`, async(): Promise<void> => {
      await setViewport(size);
      const el = await contacts(loader(async(): Promise<Contacts> => CONTACTS));
      await expect(el).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      const items = [ ...el.shadowRoot!.querySelectorAll('li') ];
      for (const item of items) {
        expect(item.getBoundingClientRect().right).to.be.at.most(window.innerWidth);
      }
      const [ first, second ] = items;
      if (name === 'phone') {
        expect(second!.getBoundingClientRect().top).to.be.greaterThan(first!.getBoundingClientRect().top);
      } else {
        expect(second!.getBoundingClientRect().top).to.equal(first!.getBoundingClientRect().top);
      }
    });
  }

  it('shows the busy indicator while loading.', async(): Promise<void> => {
    let finish: (result: Contacts) => void = (): void => undefined;
    const el = await fixture<CartableContacts>(html`
      <cartable-contacts .fetcher=${noFetch} storage=${POD} .loader=${loader(async(): Promise<Contacts> =>
        new Promise((resolve): void => {
          finish = resolve;
        }))}></cartable-contacts>`);
    const busy = el.shadowRoot!.querySelector('cartable-busy-indicator')!;
    expect(busy).to.exist;
    expect(textOf(busy)).to.equal('Chargement de vos contacts…');
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.equal('Mes contacts');
    await expect(el).to.be.accessible();
    finish(CONTACTS);
    await waitUntil((): boolean => el.shadowRoot!.querySelectorAll('li').length > 0, 'contacts shown');
  });

  it('says calmly that the contacts come with the first ENT sign-in, or that the book is empty.', async(): Promise<void> => {
    const el = await contacts(loader(async(): Promise<Contacts> => NOT_SYNCED));
    const note = el.shadowRoot!.querySelector('.note')!;
    expect(note.textContent).to.equal('Vos contacts apparaîtront après votre première connexion avec l’ENT.');
    expect(note.getAttribute('role')).to.equal('status');
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('ul')).to.have.length(0);
    await expect(el).to.be.accessible();

    const empty = await contacts(loader(async(): Promise<Contacts> => ({ ...NOT_SYNCED, available: true })));
    expect(textOf(empty)).to.contain('Votre carnet d’adresses est vide pour le moment.');
  });

  it('shows an alert when the book cannot be read, and retries from the keyboard, focus back on the heading.',
    async(): Promise<void> => {
      const load = loader(
        async(): Promise<Contacts> => {
          throw new FetchError('500', { url: BOOK, statusCode: 500, failure: 'status' });
        },
        async(): Promise<Contacts> => CONTACTS,
      );
      const el = await contacts(load);
      const alert = el.shadowRoot!.querySelector('[role=alert]')!;
      expect(alert.querySelector('h2')!.textContent).to.equal('Impossible d’afficher vos contacts');
      expect(alert.textContent).to.contain('Le serveur a rencontré un problème.');
      await expect(el).to.be.accessible();
      alert.querySelector('button')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil((): boolean => el.shadowRoot!.querySelectorAll('li').length > 0, 'contacts shown after retry');
      expect(load.calls).to.have.length(2);
      await waitUntil((): boolean => deepActiveElement() === el.shadowRoot!.querySelector('h1'), 'focus on the heading');
    });

  it('explains an unreadable book, a refusal and a lost connection differently.', async(): Promise<void> => {
    for (const [ error, text ] of [
      [ new FetchError('syntax', { url: BOOK, statusCode: 200, failure: 'syntax' }), 'Votre carnet d’adresses a été reçu, mais il n’est pas lisible.' ],
      [ new FetchError('403', { url: BOOK, statusCode: 403, failure: 'status' }), 'Reconnectez-vous.' ],
      [ new FetchError('offline', { url: BOOK, statusCode: null, failure: 'network' }), 'Le serveur ne répond pas.' ],
    ] as const) {
      const el = await contacts(loader(async(): Promise<Contacts> => {
        throw error;
      }));
      expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain(text);
    }
  });

  it('speaks English when asked, roles included.', async(): Promise<void> => {
    const el = await contacts(loader(async(): Promise<Contacts> => CONTACTS));
    setLanguage('en');
    await el.updateComplete;
    expect(headings(el).filter((heading): boolean => !heading.startsWith('h3'))).to.deep.equal([
      'h1 My contacts', 'h2 My class', 'h2 My groups', 'h2 Other contacts',
    ]);
    expect(lists(el)[0]!.people[0]).to.equal('Élodie Abgrall , Pupil');
    expect(lists(el)[0]!.people[3]).to.equal('Claire Morvan , Teacher');
    expect(lists(el)[2]!.people).to.deep.equal([ 'Yann Quéré , Education adviser (CPE)', 'Anne Le Bihan , School librarian' ]);
    expect(textOf(el)).to.contain('Nobody else in this group for now.');
  });
});

describe('cartable-home-app with the contacts', (): void => {
  beforeEach((): void => {
    resetToFrench();
    clearHash();
  });
  afterEach(clearHash);
  after(async(): Promise<void> => {
    await setViewport(DESKTOP);
  });

  const sessionFetch: FetchLike = async(): Promise<Response> => new Response(null, { status: 500 });

  function services(load?: ContactsLoader): HomeServices {
    return {
      session: {
        info: { isLoggedIn: true, webId: CAMILLE.webId },
        handleIncomingRedirect: async(): Promise<unknown> => undefined,
        login: async(): Promise<void> => undefined,
        logout: async(): Promise<void> => undefined,
        fetch: sessionFetch,
      },
      loadCartable: async(): Promise<Cartable> => CAMILLE,
      ...load === undefined ? {} : { loadContacts: load },
      storages: [],
    };
  }

  async function home(homeServices: HomeServices): Promise<CartableHomeApp> {
    const app = await fixture<CartableHomeApp>(html`<cartable-home-app .services=${homeServices}></cartable-home-app>`);
    await waitUntil((): boolean => app.shadowRoot!.querySelector('main cartable-area-grid') !== null, 'areas shown');
    const grid = app.shadowRoot!.querySelector('cartable-area-grid')!;
    await grid.updateComplete;
    return app;
  }

  function areaLinks(app: CartableHomeApp): HTMLAnchorElement[] {
    return [ ...app.shadowRoot!.querySelector('cartable-area-grid')!.shadowRoot!.querySelectorAll('a') ];
  }

  function contactsLink(app: CartableHomeApp): HTMLAnchorElement {
    return areaLinks(app).find((link): boolean => link.dataset.area === 'contacts')!;
  }

  function isShown(element: Element): boolean {
    return element.getClientRects().length > 0;
  }

  async function contactsView(app: CartableHomeApp): Promise<CartableContacts> {
    await waitUntil((): boolean => app.shadowRoot!.querySelector('main cartable-contacts') !== null, 'contacts view shown');
    const el = app.shadowRoot!.querySelector<CartableContacts>('main cartable-contacts')!;
    await el.updateComplete;
    return el;
  }

  it('links the "Contacts" area to the in-app view, and leaves the other areas as they were.', async(): Promise<void> => {
    const app = await home(services(loader(async(): Promise<Contacts> => CONTACTS)));
    expect(contactsLink(app).getAttribute('href')).to.equal('#contacts');
    const others = areaLinks(app).filter((link): boolean => link.dataset.area !== 'contacts');
    expect(others.map((link): string => link.getAttribute('href')!))
      .to.deep.equal(CAMILLE.areas.filter((area): boolean => area.key !== 'contacts').map((area): string => area.url));

    const without = await home(services());
    expect(contactsLink(without).getAttribute('href')).to.equal(`${POD}contacts/`);
  });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`opens the contacts from the area grid with the keyboard, and goes back with "Retour", on a ${name}.`,
      async(): Promise<void> => {
        await setViewport(size);
        const load = loader(async(): Promise<Contacts> => CONTACTS);
        const app = await home(services(load));
        const link = contactsLink(app);
        link.focus();
        await sendKeys({ press: 'Enter' });

        const view = await contactsView(app);
        expect(location.hash).to.equal('#contacts');
        expect(load.calls).to.deep.equal([{ fetch: sessionFetch, storage: POD }]);
        await waitUntil((): boolean => view.shadowRoot!.querySelectorAll('li').length > 0, 'contacts shown');
        await waitUntil((): boolean => deepActiveElement() === view.shadowRoot!.querySelector('h1'), 'focus on the heading');
        for (const tag of [ 'cartable-greeting', 'cartable-area-grid' ]) {
          expect(isShown(app.shadowRoot!.querySelector(tag)!), `${tag} hidden`).to.be.false;
        }
        await expect(app).to.be.accessible();
        expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);

        // "Retour" comes just before the heading.
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'Tab' });
        await sendKeys({ up: 'Shift' });
        const back = deepActiveElement() as HTMLButtonElement;
        expect(back.localName).to.equal('button');
        expect(back.textContent.replace(/\s+/gu, ' ').trim()).to.equal('← Retour');
        expect(back.getBoundingClientRect().height).to.be.at.least(44);
        await sendKeys({ press: 'Enter' });

        await waitUntil((): boolean => app.shadowRoot!.querySelector('cartable-contacts') === null, 'contacts view closed');
        expect(location.hash).to.equal('');
        expect(isShown(app.shadowRoot!.querySelector('cartable-area-grid')!)).to.be.true;
        expect(isShown(app.shadowRoot!.querySelector('cartable-greeting')!)).to.be.true;
        await waitUntil((): boolean => deepActiveElement() === contactsLink(app), 'focus back on the Contacts link');
      });
  }

  it('opened directly at #contacts, "Retour" shows the home content and drops the hash.', async(): Promise<void> => {
    history.replaceState(null, '', '#contacts');
    const app = await home(services(loader(async(): Promise<Contacts> => NOT_SYNCED)));
    const view = await contactsView(app);
    await waitUntil((): boolean => view.shadowRoot!.querySelector('.note') !== null, 'note shown');
    expect(textOf(view)).to.contain('Vos contacts apparaîtront après votre première connexion avec l’ENT.');
    const length = history.length;
    app.shadowRoot!.querySelector<HTMLButtonElement>('main > div > button')!.click();
    await waitUntil((): boolean => app.shadowRoot!.querySelector('cartable-contacts') === null, 'contacts view closed');
    expect(location.hash).to.equal('');
    expect(history.length).to.equal(length);
    await waitUntil((): boolean => deepActiveElement() === contactsLink(app), 'focus on the Contacts link');
  });

  it('follows the browser\'s Back button too.', async(): Promise<void> => {
    const app = await home(services(loader(async(): Promise<Contacts> => CONTACTS)));
    contactsLink(app).click();
    await contactsView(app);
    history.back();
    await waitUntil((): boolean => app.shadowRoot!.querySelector('cartable-contacts') === null, 'contacts view closed');
    expect(isShown(app.shadowRoot!.querySelector('cartable-area-grid')!)).to.be.true;
  });
});
