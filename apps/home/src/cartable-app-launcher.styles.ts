import { css } from 'lit';
import { token } from '../../shared/theme.ts';

/** Layout of `<cartable-app-launcher>`: headings, then grids of app links (one column on a phone). */
export const appLauncherStyles = css`
  :host {
    display: block;
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.25rem;
  }
  h2:focus {
    outline: none;
  }
  h3 {
    margin: 1rem 0 0.5rem;
    font-size: 1rem;
    color: ${token('color-muted')};
  }
  h3:first-of-type {
    margin-top: 0;
  }
  ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
    gap: 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  a {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    height: 100%;
    min-height: 2.75rem;
    padding: 0.625rem 0.875rem;
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    color: ${token('color-text')};
    text-decoration: none;
  }
  a:hover {
    border-color: ${token('color-primary')};
  }
  a:hover .title {
    text-decoration: underline;
  }
  .icon {
    flex: none;
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 0.375rem;
    object-fit: contain;
  }
  .initial {
    display: flex;
    align-items: center;
    justify-content: center;
    background: ${token('color-primary')};
    color: ${token('color-on-primary')};
    font-weight: 700;
  }
  .text {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .title {
    font-weight: 700;
    color: ${token('color-primary')};
    overflow-wrap: anywhere;
  }
  .description {
    font-size: 0.875rem;
    color: ${token('color-muted')};
    overflow-wrap: anywhere;
  }
  .note {
    margin: 0;
    color: ${token('color-muted')};
  }
  .problem {
    padding: ${token('space')};
    border: 2px solid ${token('color-error')};
    border-radius: ${token('radius')};
    background: ${token('color-error-surface')};
  }
  .problem h3 {
    margin: 0 0 0.5rem;
    color: ${token('color-error')};
  }
  .problem p {
    margin: 0 0 1rem;
  }
`;
