import { css, unsafeCSS } from 'lit';
import type { CSSResult } from 'lit';

/**
 * Theme of the apps as CSS custom properties. Each token reads `--cartable-<name>` with a default, so a
 * page (or an ENT embedding Cartable) re-themes every element by setting the properties on any ancestor,
 * and an element rendered alone (tests) still looks right. Defaults meet WCAG AA contrast on the surface.
 */

const DEFAULTS = {
  'font': 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  'color-text': '#1b1f24',
  'color-muted': '#4b5563',
  'color-surface': '#ffffff',
  'color-background': '#f4f6fa',
  'color-border': '#c9d1dc',
  'color-primary': '#1d4f91',
  'color-primary-hover': '#163d70',
  'color-on-primary': '#ffffff',
  'color-focus': '#c2410c',
  'color-error': '#9f1d1d',
  'color-error-surface': '#fdeeee',
  'radius': '0.5rem',
  'space': '1rem',
} as const;

/** Name of a theme token. */
export type ThemeToken = keyof typeof DEFAULTS;

/** `var(--cartable-<token>, <default>)`, for use inside `css` templates. */
export function token(name: ThemeToken): CSSResult {
  return unsafeCSS(`var(--cartable-${name}, ${DEFAULTS[name]})`);
}

/** Styles every element shares: box sizing, font, a visible focus ring, and a utility to hide text visually. */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family: ${token('font')};
    color: ${token('color-text')};
    line-height: 1.5;
  }
  *, *::before, *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid ${token('color-focus')};
    outline-offset: 2px;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** Buttons: primary (filled) and secondary (outlined), at least 44px tall for touch. */
export const buttonStyles = css`
  button {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: ${token('radius')};
    border: 2px solid ${token('color-primary')};
    background: ${token('color-surface')};
    color: ${token('color-primary')};
    font-weight: 600;
    cursor: pointer;
  }
  button:hover {
    border-color: ${token('color-primary-hover')};
    color: ${token('color-primary-hover')};
  }
  button.primary {
    background: ${token('color-primary')};
    color: ${token('color-on-primary')};
  }
  button.primary:hover {
    background: ${token('color-primary-hover')};
    color: ${token('color-on-primary')};
  }
`;
