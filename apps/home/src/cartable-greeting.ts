import { css, html, LitElement, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg } from '../../shared/i18n.ts';
import type { Messages } from '../../shared/messages/fr.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, token } from '../../shared/theme.ts';
import type { Role } from './data/about.ts';
import type { Cartable } from './data/loadCartable.ts';

/** What the greeting shows about a person. */
export type Person = Pick<Cartable, 'name' | 'school' | 'className' | 'role'>;

/** The role as people say it. */
function roleName(role: Role, t: Messages): string {
  switch (role) {
    case 'pupil': return t.rolePupil;
    case 'teacher': return t.roleTeacher;
    case 'parent': return t.roleParent;
    case 'staff': return t.roleStaff;
  }
}

/**
 * The page heading once signed in ("Bonjour Camille Martin"), then the school, class and role when the pod
 * says them. Nothing is shown for what is unknown.
 */
@customElement('cartable-greeting')
export class CartableGreeting extends LitElement {
  public static override styles = [ baseStyles, css`
    :host {
      display: block;
    }
    h1 {
      margin: 0 0 0.5rem;
      font-size: 1.75rem;
      line-height: 1.2;
      overflow-wrap: anywhere;
    }
    dl {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.5rem;
      margin: 0;
      color: ${token('color-muted')};
    }
    dl div {
      display: flex;
      gap: 0.375rem;
    }
    dt::after {
      content: ' :';
    }
    dd {
      margin: 0;
      color: ${token('color-text')};
      font-weight: 600;
    }
  ` ];

  /** Who is signed in; unknown values are `null`. */
  @property({ attribute: false })
  public person: Person = { name: null, school: null, className: null, role: null };

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  protected override render(): TemplateResult {
    const t = msg();
    const { name, school, className, role } = this.person;
    const facts: [string, string][] = [];
    if (school !== null) {
      facts.push([ t.school, school ]);
    }
    if (className !== null) {
      facts.push([ t.className, className ]);
    }
    if (role !== null) {
      facts.push([ t.role, roleName(role, t) ]);
    }
    return html`
      <h1>${name === null ? t.helloNoName : t.hello(name)}</h1>
      ${facts.length === 0 ? nothing : html`
        <dl aria-label=${t.identityLabel}>
          ${facts.map(([ term, value ]): TemplateResult => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}
        </dl>
      `}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-greeting': CartableGreeting;
  }
}
