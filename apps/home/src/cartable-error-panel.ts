import { css, html, LitElement, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg } from '../../shared/i18n.ts';
import type { Messages } from '../../shared/messages/fr.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, buttonStyles, token } from '../../shared/theme.ts';
import { isFetchError } from './data/FetchError.ts';

/** The message that tells the person what happened, from what the data layer threw. */
function explain(error: unknown, t: Messages): string {
  if (!isFetchError(error)) {
    return t.errorUnknown;
  }
  switch (error.failure) {
    case 'network': return t.errorNetwork;
    case 'syntax': return t.errorSyntax;
    case 'content': return t.errorContent;
    case 'status':
      if (error.statusCode === 401 || error.statusCode === 403) {
        return t.errorUnauthorized;
      }
      return error.statusCode === 404 || error.statusCode === 410 ? t.errorNotFound : t.errorServer;
  }
}

/**
 * The visible error state when the cartable cannot be read: a heading, an explanation the person can act
 * on, the failing document and HTTP status (for whoever helps them), and a retry button. The panel is an
 * alert, so screen readers announce it when it appears.
 *
 * @fires cartable-retry - The person asked to try again.
 */
@customElement('cartable-error-panel')
export class CartableErrorPanel extends LitElement {
  public static override styles = [ baseStyles, buttonStyles, css`
    :host {
      display: block;
    }
    .panel {
      padding: ${token('space')};
      border: 2px solid ${token('color-error')};
      border-radius: ${token('radius')};
      background: ${token('color-error-surface')};
    }
    h1 {
      margin: 0 0 0.5rem;
      font-size: 1.5rem;
      line-height: 1.2;
      color: ${token('color-error')};
    }
    p {
      margin: 0 0 1rem;
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.25rem 1rem;
      margin: 0 0 1rem;
      font-size: 0.875rem;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  ` ];

  /** What was thrown (a `FetchError` from the data layer gives the most precise message). */
  @property({ attribute: false })
  public error: unknown = null;

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  protected override render(): TemplateResult {
    const t = msg();
    const details = isFetchError(this.error) ? this.error : null;
    return html`
      <div class="panel" role="alert">
        <h1>${t.errorHeading}</h1>
        <p>${explain(this.error, t)}</p>
        ${details === null ? nothing : html`
          <dl>
            <dt>${t.errorDocument}</dt><dd>${details.url}</dd>
            ${details.statusCode === null ? nothing : html`<dt>${t.errorStatus}</dt><dd>${details.statusCode}</dd>`}
          </dl>
        `}
        <button type="button" class="primary" @click=${this._onRetry}>${t.retry}</button>
      </div>
    `;
  }

  private _onRetry(): void {
    this.dispatchEvent(new CustomEvent('cartable-retry', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-error-panel': CartableErrorPanel;
  }
}
