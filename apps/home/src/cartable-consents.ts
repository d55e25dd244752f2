import { initialState, Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { language, msg } from '../../shared/i18n.ts';
import type { Messages } from '../../shared/messages/fr.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, buttonStyles } from '../../shared/theme.ts';
import './cartable-busy-indicator.ts';
import { contactsStyles } from './cartable-contacts.styles.ts';
import type { Bilingual, Consents } from './data/consents.ts';
import { isFetchError } from './data/FetchError.ts';
import type { FetchLike } from './data/fetchRdf.ts';

/** Loads the consent record: the data layer's `loadConsents` (`data/consents.ts`), or a fake in tests. */
export type ConsentsLoader = (fetchFn: FetchLike, storage: string) => Promise<Consents>;

/** What the person can do about a failure. */
function explain(error: unknown, t: Messages): string {
  if (!isFetchError(error)) {
    return t.errorUnknown;
  }
  switch (error.failure) {
    case 'network': return t.errorNetwork;
    case 'syntax': return t.consentsErrorSyntax;
    case 'content': return t.errorServer;
    case 'status': return error.statusCode === 401 || error.statusCode === 403 ? t.errorUnauthorized : t.errorServer;
  }
}

/** A bilingual text in the current language, else in the other one. */
function inLanguage(text: Bilingual): string {
  return language() === 'en' ? text.en || text.fr : text.fr || text.en;
}

/**
 * "Qui voit quoi": who else sees the person's Cartable (`consents/parents` in their pod), each access under
 * its label as a heading with its description in the current language; a calm note when nobody does. On
 * failure an alert explains and offers a retry. {@link focusHeading} moves focus to the view's heading.
 */
@customElement('cartable-consents')
export class CartableConsents extends LitElement {
  public static override styles = [ baseStyles, buttonStyles, contactsStyles, css`
    h2 {
      overflow-wrap: anywhere;
    }
    p {
      max-width: 60ch;
      overflow-wrap: anywhere;
    }
  ` ];

  /** The session's fetch (`consents/` is owner-only). */
  @property({ attribute: false })
  public fetcher?: FetchLike;

  /** The pod root (`Cartable.storage`). */
  @property()
  public storage = '';

  /** Loads the consent record (`HomeServices.loadConsents`); nothing is loaded until it is set. */
  @property({ attribute: false })
  public loader?: ConsentsLoader;

  @query('h1')
  private readonly _heading!: HTMLElement | null;

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  private readonly _consents = new Task(this, {
    task: async([ fetcher, storage, loader ]: readonly [FetchLike | undefined, string, ConsentsLoader | undefined]):
    Promise<Consents | typeof initialState> =>
      fetcher === undefined || storage === '' || loader === undefined ? initialState : loader(fetcher, storage),
    args: (): readonly [FetchLike | undefined, string, ConsentsLoader | undefined] => [ this.fetcher, this.storage, this.loader ],
  });

  /** Moves focus to the view's heading (once rendered), so that screen readers start reading there. */
  public async focusHeading(): Promise<void> {
    await this.updateComplete;
    this._heading?.focus();
  }

  protected override render(): TemplateResult {
    const t = msg();
    const loading = (): TemplateResult => html`<cartable-busy-indicator label=${t.consentsLoading}></cartable-busy-indicator>`;
    return html`
      <section aria-labelledby="consents-heading">
        <h1 id="consents-heading" tabindex="-1">${t.consentsHeading}</h1>
        ${this._consents.render({
          initial: loading,
          pending: loading,
          complete: (consents: Consents): TemplateResult => consents.grants.length === 0 ?
            html`<p class="note">${t.consentsEmpty}</p>` :
            html`${consents.grants.map((grant): TemplateResult => html`
              <h2>${inLanguage(grant.label)}</h2>
              <p>${inLanguage(grant.description)}</p>
            `)}`,
          error: (error: unknown): TemplateResult => html`
            <div class="problem" role="alert">
              <h2>${t.consentsErrorHeading}</h2>
              <p>${explain(error, t)}</p>
              <button type="button" class="primary" @click=${this._onRetry}>${t.retry}</button>
            </div>
          `,
        })}
      </section>
    `;
  }

  private async _onRetry(): Promise<void> {
    await this._consents.run();
    await this.focusHeading();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-consents': CartableConsents;
  }
}
