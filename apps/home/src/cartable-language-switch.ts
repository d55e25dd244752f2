import { css, html, LitElement } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { language, LANGUAGE_NAMES, LANGUAGES, msg, setLanguage } from '../../shared/i18n.ts';
import type { Language } from '../../shared/i18n.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, token } from '../../shared/theme.ts';

/**
 * Lets the person choose the language of the apps: one toggle button per language (`aria-pressed`), each
 * named in its own language. The choice is applied and remembered by `apps/shared/i18n.ts`, which
 * announces it on `window`; this element fires nothing itself.
 *
 * @csspart button - Each language button.
 */
@customElement('cartable-language-switch')
export class CartableLanguageSwitch extends LitElement {
  public static override styles = [ baseStyles, css`
    :host {
      display: inline-block;
    }
    .switch {
      display: flex;
      align-items: center;
      gap: 0.25rem;
    }
    button {
      font: inherit;
      min-height: 2.75rem;
      min-width: 2.75rem;
      padding: 0.25rem 0.75rem;
      border: 2px solid transparent;
      border-radius: ${token('radius')};
      background: transparent;
      color: ${token('color-primary')};
      cursor: pointer;
      text-decoration: underline;
    }
    button[aria-pressed='true'] {
      border-color: ${token('color-primary')};
      font-weight: 700;
      text-decoration: none;
    }
  ` ];

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  protected override render(): TemplateResult {
    const current = language();
    return html`
      <div class="switch" role="group" aria-label=${msg().languageLabel}>
        ${LANGUAGES.map((lang): TemplateResult => html`
          <button type="button" part="button" lang=${lang} aria-pressed=${lang === current ? 'true' : 'false'}
            @click=${(): void => this._onChoose(lang)}>${LANGUAGE_NAMES[lang]}</button>
        `)}
      </div>
    `;
  }

  private _onChoose(lang: Language): void {
    if (lang !== language()) {
      setLanguage(lang);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-language-switch': CartableLanguageSwitch;
  }
}
