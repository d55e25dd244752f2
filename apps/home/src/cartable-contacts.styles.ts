import { css } from 'lit';
import { token } from '../../shared/theme.ts';

/** Layout of `<cartable-contacts>`: the view's heading, then a heading and a list of people per group. */
export const contactsStyles = css`
  :host {
    display: block;
  }
  h1 {
    margin: 0 0 1rem;
    font-size: 1.75rem;
    line-height: 1.2;
  }
  h1:focus {
    outline: none;
  }
  h2 {
    margin: 1.5rem 0 0.75rem;
    font-size: 1.25rem;
  }
  h1 + h2 {
    margin-top: 0;
  }
  h3 {
    margin: 1rem 0 0.5rem;
    font-size: 1rem;
    color: ${token('color-muted')};
    overflow-wrap: anywhere;
  }
  h2 + h3 {
    margin-top: 0;
  }
  ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
    flex-direction: column;
    min-width: 0;
    padding: 0.5rem 0.875rem;
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }
  .name {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .role {
    font-size: 0.875rem;
    color: ${token('color-muted')};
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
  .problem h2 {
    margin: 0 0 0.5rem;
    color: ${token('color-error')};
  }
  .problem p {
    margin: 0 0 1rem;
  }
`;
