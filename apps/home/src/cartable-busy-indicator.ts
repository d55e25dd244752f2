import { css, html, LitElement } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles, token } from '../../shared/theme.ts';

/**
 * Shows that something is loading: a spinner (hidden from assistive technologies, still when the person
 * prefers reduced motion) and a text in a polite live region (`role="status"`).
 */
@customElement('cartable-busy-indicator')
export class CartableBusyIndicator extends LitElement {
  public static override styles = [ baseStyles, css`
    :host {
      display: block;
    }
    [role='status'] {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: ${token('space')};
      color: ${token('color-muted')};
    }
    .spinner {
      flex: none;
      width: 1.5rem;
      height: 1.5rem;
      border-radius: 50%;
      border: 3px solid ${token('color-border')};
      border-top-color: ${token('color-primary')};
      animation: spin 0.9s linear infinite;
    }
    @keyframes spin {
      to { transform: rotate(360deg); }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner { animation: none; }
    }
  ` ];

  /** What is happening, for people ("Chargement de votre cartable…"). */
  @property()
  public label = '';

  protected override render(): TemplateResult {
    return html`<div role="status"><span class="spinner" aria-hidden="true"></span><span>${this.label}</span></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-busy-indicator': CartableBusyIndicator;
  }
}
