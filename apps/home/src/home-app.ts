import { initialState, Task, TaskStatus } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { forgetSession } from '../../shared/forgetSession.ts';
import { applyLanguage, msg } from '../../shared/i18n.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, buttonStyles, token } from '../../shared/theme.ts';
import './cartable-app-launcher.ts';
import './cartable-area-grid.ts';
import './cartable-busy-indicator.ts';
import './cartable-consents.ts';
import type { CartableConsents } from './cartable-consents.ts';
import './cartable-contacts.ts';
import type { CartableContacts } from './cartable-contacts.ts';
import './cartable-error-panel.ts';
import './cartable-greeting.ts';
import './cartable-language-switch.ts';
import './cartable-move.ts';
import type { CartableMove } from './cartable-move.ts';
import { moveMsg } from './cartable-move.messages.ts';
import './cartable-sign-in.ts';
import type { CartableArea } from './data/areas.ts';
import type { Cartable } from './data/loadCartable.ts';
import { homeAppStyles } from './home-app.styles.ts';
import type { HomeServices } from './services.ts';

/** Where the person is: finding out whether a session exists, signed out, or signed in. */
type Phase = 'starting' | 'signed-out' | 'signed-in';

/** `location.hash` of the contacts view (the "Contacts" area links there when the services read contacts). */
const CONTACTS_HASH = '#contacts';

/** `location.hash` of the "Qui voit quoi" view (the "Qui voit quoi" area links there when the services read consents). */
const CONSENTS_HASH = '#consents';

/** `location.hash` of the settings ("Paramètres": moving the Cartable), linked from the banner. */
const SETTINGS_HASH = '#settings';

/** The in-app views, by the key of the area (or banner link, for settings) that opens them. */
type InAppView = 'contacts' | 'consents' | 'settings';

/** The Solid-OIDC issuer: this server's own identity provider. */
function oidcIssuer(): string {
  return new URL('/', location.href).href;
}

/** Where the identity provider sends the person back: this page, without query or fragment. */
function redirectUrl(): string {
  return new URL(location.pathname, location.origin).href;
}

/**
 * The home page of Cartable. Owns the session and picks what to show (routing only; every view is its
 * own element): while the session is restored a busy indicator, signed out `<cartable-sign-in>`, signed
 * in the greeting and the grid of areas read from the pod, or `<cartable-error-panel>` when that fails,
 * then the person's ENT applications (`<cartable-app-launcher>`) when the services provide a launcher.
 * At `#contacts` (where the "Contacts" area then links) it shows the address book (`<cartable-contacts>`)
 * with a "Retour" button instead; the home content stays, hidden, and focus moves to the view's heading,
 * then back to the "Contacts" link. At `#consents` it shows who else sees the Cartable (`<cartable-consents>`)
 * the same way, from the "Qui voit quoi" area, and at `#settings` (the banner's "Paramètres" link) moving the Cartable
 * (`<cartable-move>`).
 *
 * Sign-in is Solid-OIDC against the identity provider of the server that serves the page.
 */
@customElement('cartable-home-app')
export class CartableHomeApp extends LitElement {
  public static override styles = [ baseStyles, buttonStyles, homeAppStyles, css`
    .settings-link {
      display: inline-flex;
      align-items: center;
      min-height: 2.75rem;
      padding: 0.5rem 0.75rem;
      color: ${token('color-primary')};
      font-weight: 600;
    }
  ` ];

  /**
   * The session and data loader to use. When unset, the browser defaults (Inrupt session, the pod data
   * layer, localStorage and sessionStorage) are loaded on connection. Tests set fakes.
   */
  @property({ attribute: false })
  public services?: HomeServices;

  @state()
  private _phase: Phase = 'starting';

  @state()
  private _webId: string | null = null;

  @state()
  private _signingIn = false;

  @state()
  private _signInFailed = false;

  /** `location.hash`, which picks the view once signed in. */
  @state()
  private _hash = '';

  @query('main')
  private readonly _main!: HTMLElement;

  @query('cartable-contacts')
  private readonly _contactsView!: CartableContacts | null;

  @query('cartable-consents')
  private readonly _consentsView!: CartableConsents | null;

  @query('cartable-move')
  private readonly _moveView!: CartableMove | null;

  private _started = false;

  /** Whether the contacts view was opened from this page (so "Retour" can go back in the history). */
  private _openedInApp = false;

  private readonly _onHashChange = (): void => {
    void this._route();
  };

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  private readonly _cartable = new Task(this, {
    task: async([ webId, services ]: readonly [string | null, HomeServices | undefined]):
    Promise<Cartable | typeof initialState> => {
      if (webId === null || services === undefined) {
        return initialState;
      }
      return services.loadCartable(services.session.fetch, webId);
    },
    args: (): readonly [string | null, HomeServices | undefined] => [ this._webId, this.services ],
  });

  public override connectedCallback(): void {
    super.connectedCallback();
    applyLanguage();
    this._hash = location.hash;
    window.addEventListener('hashchange', this._onHashChange);
    if (!this._started) {
      this._started = true;
      void this._start();
    }
  }

  public override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this._onHashChange);
  }

  protected override render(): TemplateResult {
    const t = msg();
    const busy = this._phase === 'starting' || this._cartable.status === TaskStatus.PENDING;
    return html`
      <header>
        <p class="brand">${t.appName}</p>
        <div class="tools">
          <cartable-language-switch></cartable-language-switch>
          ${this._phase === 'signed-in' ?
            html`<a class="settings-link" href=${SETTINGS_HASH}
                aria-current=${this._view === 'settings' ? 'page' : nothing}>${moveMsg().settings}</a>
              <button type="button" @click=${this._onSignOut}>${t.signOut}</button>` :
            nothing}
        </div>
      </header>
      <main tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>${this._renderPhase()}</main>
    `;
  }

  private _renderPhase(): TemplateResult {
    const t = msg();
    switch (this._phase) {
      case 'starting':
        return html`<cartable-busy-indicator label=${t.restoringSession}></cartable-busy-indicator>`;
      case 'signed-out':
        return html`<cartable-sign-in ?failed=${this._signInFailed} ?busy=${this._signingIn}
          @cartable-sign-in=${this._onSignIn}></cartable-sign-in>`;
      case 'signed-in':
        return this._cartable.render({
          initial: (): TemplateResult => html`<cartable-busy-indicator label=${t.loadingCartable}></cartable-busy-indicator>`,
          pending: (): TemplateResult => html`<cartable-busy-indicator label=${t.loadingCartable}></cartable-busy-indicator>`,
          complete: (cartable: Cartable): TemplateResult => this._renderCartable(cartable),
          error: (error: unknown): TemplateResult => html`
            <cartable-error-panel .error=${error} @cartable-retry=${this._onRetry}></cartable-error-panel>
          `,
        });
    }
  }

  /** The in-app view shown (rather than the home content), or `null`. */
  private get _view(): InAppView | null {
    if (this._hash === CONTACTS_HASH && this.services?.loadContacts !== undefined) {
      return 'contacts';
    }
    if (this._hash === CONSENTS_HASH && this.services?.loadConsents !== undefined) {
      return 'consents';
    }
    if (this._hash === SETTINGS_HASH) {
      return 'settings';
    }
    return null;
  }

  /** The home content, hidden while an in-app view is shown (so it keeps its state). */
  private _renderCartable(cartable: Cartable): TemplateResult {
    const view = this._view;
    const hidden = view !== null;
    return html`
      ${view === 'contacts' ? this._renderContacts(cartable) : nothing}
      ${view === 'consents' ? this._renderConsents(cartable) : nothing}
      ${view === 'settings' ? this._renderSettings(cartable) : nothing}
      <cartable-greeting ?hidden=${hidden} .person=${cartable}></cartable-greeting>
      <cartable-area-grid ?hidden=${hidden} .areas=${this._areas(cartable.areas)}></cartable-area-grid>
      ${this._renderLauncher(hidden)}
    `;
  }

  /**
   * The "Contacts" and "Qui voit quoi" areas open their in-app views when the services read them; the other
   * areas are unchanged.
   */
  private _areas(areas: readonly CartableArea[]): readonly CartableArea[] {
    const contacts = this.services?.loadContacts !== undefined;
    const consents = this.services?.loadConsents !== undefined;
    return areas.map((area): CartableArea => {
      if (contacts && area.key === 'contacts') {
        return { ...area, url: CONTACTS_HASH };
      }
      if (consents && area.key === 'consents') {
        return { ...area, url: CONSENTS_HASH };
      }
      return area;
    });
  }

  /** The "Retour" button of an in-app view. */
  private _renderBack(): TemplateResult {
    return html`<div><button type="button" @click=${this._onBack}><span aria-hidden="true">← </span>${msg().back}</button></div>`;
  }

  /** Who else sees the Cartable, read from the pod with the session's fetch. */
  private _renderConsents(cartable: Cartable): TemplateResult | typeof nothing {
    const services = this.services;
    if (services?.loadConsents === undefined) {
      return nothing;
    }
    return html`
      ${this._renderBack()}
      <cartable-consents .fetcher=${services.session.fetch} .loader=${services.loadConsents}
        storage=${cartable.storage}></cartable-consents>
    `;
  }

  /** "Paramètres": moving the Cartable (or downloading a copy), run by this server for the pod's owner. */
  private _renderSettings(cartable: Cartable): TemplateResult | typeof nothing {
    const services = this.services;
    if (services === undefined) {
      return nothing;
    }
    return html`
      ${this._renderBack()}
      <cartable-move .fetcher=${services.session.fetch} storage=${cartable.storage} server=${oidcIssuer()}></cartable-move>
    `;
  }

  /** The address book, read from the pod with the session's fetch. */
  private _renderContacts(cartable: Cartable): TemplateResult | typeof nothing {
    const services = this.services;
    if (services?.loadContacts === undefined) {
      return nothing;
    }
    return html`
      ${this._renderBack()}
      <cartable-contacts .fetcher=${services.session.fetch} .loader=${services.loadContacts}
        storage=${cartable.storage}></cartable-contacts>
    `;
  }

  /** The ENT applications, read from this server (which is also the identity provider). */
  private _renderLauncher(hidden: boolean): TemplateResult | typeof nothing {
    const services = this.services;
    if (services?.loadLauncher === undefined) {
      return nothing;
    }
    return html`<cartable-app-launcher ?hidden=${hidden} .fetcher=${services.session.fetch} .loader=${services.loadLauncher}
      server=${oidcIssuer()}></cartable-app-launcher>`;
  }

  /** Follows `location.hash`; moves focus to the shown view's heading, or back to the area link that opened it. */
  private async _route(): Promise<void> {
    const was = this._view;
    this._hash = location.hash;
    const shown = this._view;
    if (shown === was) {
      return;
    }
    this._openedInApp = shown !== null;
    await this.updateComplete;
    if (shown !== null) {
      const views = { contacts: this._contactsView, consents: this._consentsView, settings: this._moveView };
      await views[shown]?.focusHeading();
      return;
    }
    if (was === 'settings') {
      this.renderRoot.querySelector<HTMLElement>('.settings-link')?.focus();
      return;
    }
    const grid = this.renderRoot.querySelector('cartable-area-grid');
    await grid?.updateComplete;
    const link = grid?.shadowRoot?.querySelector<HTMLElement>(`a[data-area="${was ?? 'contacts'}"]`);
    (link ?? this._main).focus();
  }

  /** Back to the home content: back in the history when the view was opened from here, else drops the hash. */
  private _onBack(): void {
    if (this._openedInApp) {
      history.back();
      return;
    }
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    void this._route();
  }

  /** Loads the services if needed, then completes a login redirect or restores a previous session. */
  private async _start(): Promise<void> {
    try {
      this.services ??= (await import('./browserServices.ts')).browserServices();
      const { session } = this.services;
      await session.handleIncomingRedirect({ url: location.href, restorePreviousSession: true });
      this._webId = session.info.isLoggedIn ? session.info.webId ?? null : null;
    } catch {
      this._signInFailed = true;
      this._webId = null;
    }
    this._phase = this._webId === null ? 'signed-out' : 'signed-in';
  }

  private async _onSignIn(): Promise<void> {
    if (this.services === undefined) {
      return;
    }
    this._signingIn = true;
    this._signInFailed = false;
    try {
      await this.services.session.login({ oidcIssuer: oidcIssuer(), redirectUrl: redirectUrl(), clientName: msg().appName });
    } catch {
      this._signInFailed = true;
      this._signingIn = false;
    }
  }

  private async _onSignOut(): Promise<void> {
    const services = this.services;
    if (services === undefined) {
      return;
    }
    try {
      await services.session.logout({ logoutType: 'app' });
    } catch {
      // The session ends on this device all the same: its keys are removed below.
    }
    forgetSession(services.storages);
    if (services.endServerSession) {
      // Leaves the page: Cartable's identity provider, then the ENT, then a page that wipes this site's data.
      services.endServerSession();
      return;
    }
    this._webId = null;
    this._signInFailed = false;
    this._signingIn = false;
    this._phase = 'signed-out';
    if (this._hash !== '') {
      history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      this._hash = '';
    }
    await this.updateComplete;
    this._main.focus();
  }

  private _onRetry(): void {
    void this._cartable.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-home-app': CartableHomeApp;
  }
}
