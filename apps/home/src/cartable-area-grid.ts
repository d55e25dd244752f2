import { css, html, LitElement } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localize, msg } from '../../shared/i18n.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, token } from '../../shared/theme.ts';
import type { CartableArea } from './data/areas.ts';

/**
 * The areas of the cartable (files, notes, photos, ...) as a grid of links, in pod-layout order, each named
 * by its label and described in the current language. Plain links in a list: Tab reaches each in order,
 * Enter follows it. One column on a phone, as many as fit on a desktop.
 *
 * @csspart link - Each area link.
 */
@customElement('cartable-area-grid')
export class CartableAreaGrid extends LitElement {
  public static override styles = [ baseStyles, css`
    :host {
      display: block;
    }
    h2 {
      margin: 0 0 0.75rem;
      font-size: 1.25rem;
    }
    ul {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
      gap: 0.75rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    a {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      height: 100%;
      min-height: 2.75rem;
      padding: 0.875rem ${token('space')};
      border: 1px solid ${token('color-border')};
      border-left: 4px solid ${token('color-primary')};
      border-radius: ${token('radius')};
      background: ${token('color-surface')};
      color: ${token('color-text')};
      text-decoration: none;
    }
    a:hover {
      border-color: ${token('color-primary')};
    }
    a:hover .label {
      text-decoration: underline;
    }
    .label {
      font-weight: 700;
      color: ${token('color-primary')};
    }
    .description {
      font-size: 0.875rem;
      color: ${token('color-muted')};
    }
  ` ];

  /** The areas to show, usually `Cartable.areas` from the data layer. */
  @property({ attribute: false })
  public areas: readonly CartableArea[] = [];

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  protected override render(): TemplateResult {
    return html`
      <section aria-labelledby="areas-heading">
        <h2 id="areas-heading">${msg().areasHeading}</h2>
        <ul role="list">
          ${this.areas.map((area): TemplateResult => html`
            <li>
              <a part="link" href=${area.url} data-area=${area.key}>
                <span class="label">${localize(area.label)}</span>
                <span class="description">${localize(area.description)}</span>
              </a>
            </li>
          `)}
        </ul>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-area-grid': CartableAreaGrid;
  }
}
