import { css, html, LitElement, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg } from '../../shared/i18n.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, buttonStyles, token } from '../../shared/theme.ts';

/**
 * The signed-out page: what Cartable is and a "Se connecter" button.
 *
 * @fires cartable-sign-in - The person asked to sign in (the root element starts Solid-OIDC).
 */
@customElement('cartable-sign-in')
export class CartableSignIn extends LitElement {
  public static override styles = [ baseStyles, buttonStyles, css`
    :host {
      display: block;
    }
    h1 {
      margin: 0 0 0.5rem;
      font-size: 1.75rem;
      line-height: 1.2;
    }
    p {
      margin: 0 0 1rem;
      max-width: 40rem;
    }
    .hint {
      color: ${token('color-muted')};
    }
    .failed {
      padding: 0.75rem ${token('space')};
      border-left: 4px solid ${token('color-error')};
      background: ${token('color-error-surface')};
      color: ${token('color-error')};
    }
  ` ];

  /** Whether the last sign-in attempt failed (shows an alert above the button). */
  @property({ type: Boolean })
  public failed = false;

  /** Whether the sign-in is under way (the button is disabled while the browser leaves for the login page). */
  @property({ type: Boolean })
  public busy = false;

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  protected override render(): TemplateResult {
    const t = msg();
    return html`
      <h1>${t.signInHeading}</h1>
      <p>${t.tagline}</p>
      <p class="hint">${t.signInHint}</p>
      ${this.failed ? html`<p class="failed" role="alert">${t.signInFailed}</p>` : nothing}
      <button type="button" class="primary" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}
        @click=${this._onSignIn}>${t.signIn}</button>
    `;
  }

  private _onSignIn(): void {
    this.dispatchEvent(new CustomEvent('cartable-sign-in', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-sign-in': CartableSignIn;
  }
}
