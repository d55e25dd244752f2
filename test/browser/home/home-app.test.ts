import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../apps/home/src/home-app.ts';
import type { CartableHomeApp } from '../../../apps/home/src/home-app.ts';
import { FetchError } from '../../../apps/home/src/data/FetchError.ts';
import type { Cartable } from '../../../apps/home/src/data/loadCartable.ts';
import type { HomeServices, SolidSession } from '../../../apps/home/src/services.ts';
import { LANGUAGE_STORAGE_KEY } from '../../../apps/shared/i18n.ts';
import { CAMILLE, deepActiveElement, DESKTOP, PHONE, POD, resetToFrench, textOf } from './fixtures.ts';

/** A fake Solid session and loader that record what the app asked. */
class FakeServices implements HomeServices {
  public readonly calls: string[] = [];
  public loginOptions: unknown = null;
  public redirectOptions: unknown = null;
  public webId: string | undefined;
  public loads: (() => Promise<Cartable>)[] = [];
  public readonly storages = [ localStorage ];
  public readonly session: SolidSession;

  public constructor(webId?: string) {
    this.webId = webId;
    // The fake session reports on the fake services object; a getter needs a named reference to it.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.session = {
      get info() {
        return { isLoggedIn: self.webId !== undefined, webId: self.webId };
      },
      handleIncomingRedirect: async(options): Promise<unknown> => {
        self.calls.push('handleIncomingRedirect');
        self.redirectOptions = options;
        return undefined;
      },
      login: async(options): Promise<void> => {
        self.calls.push('login');
        self.loginOptions = options;
      },
      logout: async(): Promise<void> => {
        self.calls.push('logout');
        self.webId = undefined;
      },
      fetch: async(): Promise<Response> => new Response(null, { status: 500 }),
    };
  }

  public readonly loadCartable = async(_fetch: unknown, webId: string): Promise<Cartable> => {
    this.calls.push(`load ${webId}`);
    const next = this.loads.shift();
    return next === undefined ? CAMILLE : next();
  };
}

/** The app's shadow root. */
function root(app: CartableHomeApp): ShadowRoot {
  return app.shadowRoot!;
}

async function start(services: FakeServices): Promise<CartableHomeApp> {
  const app = await fixture<CartableHomeApp>(html`<cartable-home-app .services=${services}></cartable-home-app>`);
  await waitUntil((): boolean => services.calls.includes('handleIncomingRedirect'), 'session restored');
  await app.updateComplete;
  return app;
}

/** Waits until the view named `tag` is shown in <main>, and has rendered. */
async function view<K extends keyof HTMLElementTagNameMap>(app: CartableHomeApp, tag: K): Promise<HTMLElementTagNameMap[K]> {
  await waitUntil((): boolean => root(app).querySelector(`main ${tag}`) !== null, `${tag} shown`);
  const element = root(app).querySelector<HTMLElementTagNameMap[K]>(`main ${tag}`)!;
  await (element as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return element;
}

describe('cartable-home-app', (): void => {
  beforeEach(resetToFrench);
  after(async(): Promise<void> => {
    resetToFrench();
    await setViewport(DESKTOP);
  });

  it('restores the session on load and, signed out, offers to sign in with the server\'s identity provider.',
    async(): Promise<void> => {
      const services = new FakeServices();
      const app = await start(services);
      const signIn = await view(app, 'cartable-sign-in');
      expect(services.calls).to.deep.equal([ 'handleIncomingRedirect' ]);
      expect(services.redirectOptions).to.deep.equal({ url: location.href, restorePreviousSession: true });
      expect(root(app).querySelector('header')).to.exist;
      expect(root(app).querySelector('main')).to.exist;
      expect(textOf(root(app).querySelector('header')!)).not.to.contain('Se déconnecter');

      signIn.shadowRoot!.querySelector('button')!.click();
      await waitUntil((): boolean => services.calls.includes('login'));
      expect(services.loginOptions).to.deep.equal({
        oidcIssuer: new URL('/', location.href).href,
        redirectUrl: new URL(location.pathname, location.origin).href,
        clientName: 'Cartable',
      });
    });

  for (const [ name, size ] of [ [ 'desktop', DESKTOP ], [ 'phone', PHONE ] ] as const) {
    it(`signed in, greets the person and lists the areas, accessibly, on a ${name}.`, async(): Promise<void> => {
      await setViewport(size);
      const services = new FakeServices(CAMILLE.webId);
      const app = await start(services);
      const greeting = await view(app, 'cartable-greeting');
      const grid = await view(app, 'cartable-area-grid');
      expect(services.calls).to.deep.equal([ 'handleIncomingRedirect', `load ${CAMILLE.webId}` ]);
      expect(greeting.shadowRoot!.querySelector('h1')!.textContent).to.equal('Bonjour Camille Martin');
      expect(textOf(greeting)).to.contain('Collège Jules Verne');
      expect(grid.shadowRoot!.querySelectorAll('a').length).to.equal(CAMILLE.areas.length);
      expect(root(app).querySelector('main')!.getAttribute('aria-busy')).to.equal('false');
      expect(textOf(root(app).querySelector('header')!)).to.contain('Se déconnecter');
      await expect(app).to.be.accessible();
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    });
  }

  it('shows an accessible busy indicator while the cartable loads.', async(): Promise<void> => {
    const services = new FakeServices(CAMILLE.webId);
    let finish: (cartable: Cartable) => void = (): void => undefined;
    services.loads.push(async(): Promise<Cartable> => new Promise((resolve): void => {
      finish = resolve;
    }));
    const app = await start(services);
    const busy = await view(app, 'cartable-busy-indicator');
    expect(root(app).querySelector('main')!.getAttribute('aria-busy')).to.equal('true');
    expect(textOf(busy)).to.equal('Chargement de votre cartable…');
    expect(busy.shadowRoot!.querySelector('[role=status]')).to.exist;
    await expect(app).to.be.accessible();
    finish(CAMILLE);
    await view(app, 'cartable-greeting');
    expect(root(app).querySelector('main')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('shows a clear French error when the profile cannot be read, and recovers on retry.', async(): Promise<void> => {
    const services = new FakeServices(CAMILLE.webId);
    services.loads.push(async(): Promise<Cartable> => {
      throw new FetchError('Expected 2xx', { url: `${POD}profile/card`, statusCode: 404, failure: 'status' });
    });
    const app = await start(services);
    const panel = await view(app, 'cartable-error-panel');
    expect(panel.shadowRoot!.querySelector('[role=alert] h1')!.textContent).to.equal('Impossible de lire votre profil');
    expect(textOf(panel)).to.contain('Ce profil est introuvable.');
    expect(textOf(panel)).to.contain('404');
    await expect(app).to.be.accessible();

    panel.shadowRoot!.querySelector('button')!.click();
    await view(app, 'cartable-greeting');
    expect(services.calls.filter((call): boolean => call.startsWith('load')).length).to.equal(2);
  });

  it('signs out: ends the session, forgets its keys (not the language), and returns to sign-in with focus in main.',
    async(): Promise<void> => {
      localStorage.setItem('solidClientAuthn:currentSession', 'abc');
      localStorage.setItem('solidClientAuthenticationUser:abc', '{}');
      localStorage.setItem('issuerConfig:https://cartable.example/', '{}');
      localStorage.setItem(LANGUAGE_STORAGE_KEY, 'fr');
      const services = new FakeServices(CAMILLE.webId);
      const app = await start(services);
      await view(app, 'cartable-greeting');

      const signOut = [ ...root(app).querySelectorAll('header button') ]
        .find((button): boolean => button.textContent === 'Se déconnecter') as HTMLButtonElement;
      signOut.focus();
      await sendKeys({ press: 'Enter' });
      await view(app, 'cartable-sign-in');

      expect(services.calls).to.include('logout');
      expect(localStorage.getItem('solidClientAuthn:currentSession')).to.equal(null);
      expect(localStorage.getItem('solidClientAuthenticationUser:abc')).to.equal(null);
      expect(localStorage.getItem('issuerConfig:https://cartable.example/')).to.equal(null);
      expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).to.equal('fr');
      expect(textOf(root(app).querySelector('header')!)).not.to.contain('Se déconnecter');
      expect(deepActiveElement()).to.equal(root(app).querySelector('main'));
    });

  it('switches the whole page to English from the header, with the keyboard.', async(): Promise<void> => {
    const services = new FakeServices(CAMILLE.webId);
    const app = await start(services);
    const greeting = await view(app, 'cartable-greeting');
    const languageSwitch = root(app).querySelector('cartable-language-switch')!;
    const english = languageSwitch.shadowRoot!.querySelectorAll('button')[1]!;
    english.focus();
    await sendKeys({ press: 'Enter' });
    await greeting.updateComplete;
    await app.updateComplete;
    expect(document.documentElement.lang).to.equal('en');
    expect(greeting.shadowRoot!.querySelector('h1')!.textContent).to.equal('Hello Camille Martin');
    expect(textOf(root(app).querySelector('header')!)).to.contain('Sign out');
    const grid = root(app).querySelector('cartable-area-grid')!;
    await grid.updateComplete;
    expect(grid.shadowRoot!.querySelector('h2')!.textContent).to.equal('My cartable');
  });
});
