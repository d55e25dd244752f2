import { initialState, Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { msg } from '../../shared/i18n.ts';
import type { Messages } from '../../shared/messages/fr.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, buttonStyles } from '../../shared/theme.ts';
import { appLauncherStyles } from './cartable-app-launcher.styles.ts';
import './cartable-busy-indicator.ts';
import { isFetchError } from './data/FetchError.ts';
import type { FetchLike } from './data/fetchRdf.ts';
import { loadLauncher } from './data/launcher.ts';
import type { Launcher, LauncherApp, LauncherUnavailableReason } from './data/launcher.ts';

/** Loads the launcher (the data layer's {@link loadLauncher}, or a fake in tests). */
export type LauncherLoader = (fetchFn: FetchLike, serverOrigin: string) => Promise<Launcher>;

/** Heading of a category of apps (`rights` at the ENT); unknown categories are shown as they are. */
function categoryLabel(category: string, t: Messages): string {
  const known: Record<string, string> = {
    ent: t.launcherCategoryEnt, toutatice: t.launcherCategoryToutatice, gar: t.launcherCategoryGar, arena: t.launcherCategoryArena,
  };
  return known[category.toLowerCase()] ?? (category === '' ? t.launcherCategoryOther : category);
}

function unavailableMessage(reason: LauncherUnavailableReason, t: Messages): string {
  switch (reason) {
    case 'not-linked': return t.launcherNotLinked;
    case 'no-ent': return t.launcherNoEnt;
    case 'sign-in-again': return t.launcherSignInAgain;
    case 'not-supported': return t.launcherNotSupported;
  }
}

/** What the person can do about a failure. */
function explain(error: unknown, t: Messages): string {
  if (!isFetchError(error)) {
    return t.errorUnknown;
  }
  if (error.failure === 'network') {
    return t.errorNetwork;
  }
  if (error.statusCode === 401) {
    return t.launcherErrorSession;
  }
  return error.statusCode !== null && error.statusCode >= 502 && error.statusCode <= 504 ? t.launcherErrorEnt : t.errorServer;
}

/**
 * The person's ENT applications (Pronote, messagerie, GAR resources…) as links under a heading: their
 * favourites first, then the other apps under a heading per category. Links open in the same tab: the ENT
 * session the person signed in with makes them work without signing in again. Each icon is decorative
 * (`alt=""`), the title beside it names the link.
 *
 * While loading it shows the busy indicator; when the server has no launcher (no ENT, an account not linked
 * to it, another Solid server) a short note says why; on failure an alert explains and offers a retry,
 * after which focus returns to the heading.
 *
 * @csspart link - Each application link.
 */
@customElement('cartable-app-launcher')
export class CartableAppLauncher extends LitElement {
  public static override styles = [ baseStyles, buttonStyles, appLauncherStyles ];

  /** The session's fetch (the launcher endpoint needs the person's Solid-OIDC credentials). */
  @property({ attribute: false })
  public fetcher?: FetchLike;

  /** Origin (or base URL) of the Cartable server, whose launcher endpoint is read. */
  @property()
  public server = '';

  /** Loads the launcher; tests replace it. */
  @property({ attribute: false })
  public loader: LauncherLoader = loadLauncher;

  @query('h2')
  private readonly _heading!: HTMLElement;

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  private readonly _launcher = new Task(this, {
    task: async([ fetcher, server, loader ]: readonly [FetchLike | undefined, string, LauncherLoader]):
    Promise<Launcher | typeof initialState> => fetcher === undefined || server === '' ? initialState : loader(fetcher, server),
    args: (): readonly [FetchLike | undefined, string, LauncherLoader] => [ this.fetcher, this.server, this.loader ],
  });

  protected override render(): TemplateResult {
    const t = msg();
    const loading = (): TemplateResult => html`<cartable-busy-indicator label=${t.launcherLoading}></cartable-busy-indicator>`;
    return html`
      <section aria-labelledby="launcher-heading">
        <h2 id="launcher-heading" tabindex="-1">${t.launcherHeading}</h2>
        ${this._launcher.render({
          initial: loading,
          pending: loading,
          complete: (launcher: Launcher): TemplateResult => this._renderLauncher(launcher, t),
          error: (error: unknown): TemplateResult => html`
            <div class="problem" role="alert">
              <h3>${t.launcherErrorHeading}</h3>
              <p>${explain(error, t)}</p>
              <button type="button" class="primary" @click=${this._onRetry}>${t.retry}</button>
            </div>
          `,
        })}
      </section>
    `;
  }

  private _renderLauncher(launcher: Launcher, t: Messages): TemplateResult {
    if (!launcher.available) {
      return html`<p class="note" role="status">${unavailableMessage(launcher.reason, t)}</p>`;
    }
    if (launcher.apps.length === 0) {
      return html`<p class="note">${t.launcherEmpty}</p>`;
    }
    return html`
      ${launcher.favourites.length === 0 ? nothing : html`<h3>${t.launcherFavourites}</h3>${this._renderApps(launcher.favourites)}`}
      ${launcher.groups.map((group): TemplateResult => html`<h3>${categoryLabel(group.category, t)}</h3>${this._renderApps(group.apps)}`)}
    `;
  }

  private _renderApps(apps: readonly LauncherApp[]): TemplateResult {
    return html`
      <ul role="list">
        ${apps.map((app): TemplateResult => html`
          <li>
            <a part="link" href=${app.url} data-app=${app.id}>
              ${app.icon === null ?
                html`<span class="icon initial" aria-hidden="true">${app.title.charAt(0).toUpperCase()}</span>` :
                html`<img class="icon" src=${app.icon} alt="" width="40" height="40" loading="lazy" decoding="async"
                  referrerpolicy="no-referrer" @error=${this._onIconError}>`}
              <span class="text">
                <span class="title">${app.title}</span>
                ${app.description === '' ? nothing : html`<span class="description">${app.description}</span>`}
              </span>
            </a>
          </li>
        `)}
      </ul>
    `;
  }

  /** A broken icon is hidden rather than shown as a broken image. */
  private _onIconError(event: Event): void {
    (event.target as HTMLImageElement).hidden = true;
  }

  private async _onRetry(): Promise<void> {
    await this._launcher.run();
    await this.updateComplete;
    this._heading.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-app-launcher': CartableAppLauncher;
  }
}
