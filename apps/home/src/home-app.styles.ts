import { css } from 'lit';
import { token } from '../../shared/theme.ts';

/** Layout of `<cartable-home-app>`: a banner with the name, language switch and sign-out, then the main view. */
export const homeAppStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: ${token('color-background')};
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding: 0.5rem ${token('space')};
    background: ${token('color-surface')};
    border-bottom: 1px solid ${token('color-border')};
  }
  .brand {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 800;
    color: ${token('color-primary')};
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  main {
    display: flex;
    flex-direction: column;
    gap: 1.5rem;
    max-width: 72rem;
    margin: 0 auto;
    padding: 1.5rem ${token('space')};
  }
  main:focus {
    outline: none;
  }
`;
