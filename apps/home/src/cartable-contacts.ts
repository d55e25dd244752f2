import { initialState, Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { msg } from '../../shared/i18n.ts';
import type { Messages } from '../../shared/messages/fr.ts';
import { LanguageController } from '../../shared/LanguageController.ts';
import { baseStyles, buttonStyles } from '../../shared/theme.ts';
import './cartable-busy-indicator.ts';
import { contactsStyles } from './cartable-contacts.styles.ts';
import type { Contact, ContactGroup, Contacts } from './data/contacts.ts';
import { isFetchError } from './data/FetchError.ts';
import type { FetchLike } from './data/fetchRdf.ts';

/**
 * Loads the address book: the data layer's `loadContacts` (`data/contacts.ts`, from the lazily loaded
 * browser services, so that this element does not pull in the RDF parser), or a fake in tests.
 */
export type ContactsLoader = (fetchFn: FetchLike, storage: string) => Promise<Contacts>;

/** A role as the ENT writes it (in French) in the current language; roles it does not know are shown as they are. */
function roleLabel(role: string, t: Messages): string {
  const known: Record<string, string> = {
    'élève': t.rolePupil,
    'enseignant': t.roleTeacher,
    'parent': t.roleParent,
    'cpe': t.contactsRoleCpe,
    'professeur documentaliste': t.contactsRoleLibrarian,
  };
  return known[role.toLocaleLowerCase('fr')] ?? role;
}

/** What the person can do about a failure. */
function explain(error: unknown, t: Messages): string {
  if (!isFetchError(error)) {
    return t.errorUnknown;
  }
  switch (error.failure) {
    case 'network': return t.errorNetwork;
    case 'syntax': return t.contactsErrorSyntax;
    case 'content': return t.errorServer;
    case 'status': return error.statusCode === 401 || error.statusCode === 403 ? t.errorUnauthorized : t.errorServer;
  }
}

/**
 * The person's address book from the school ENT (`contacts/ent-directory` in their pod): their class (or
 * classes) first, then their other groups, each group under its name as a heading with the list of its
 * people (name and role), then anyone in no group.
 *
 * While loading it shows the busy indicator; before the first sign-in with the ENT (or on a pod that is not
 * a Cartable pod) a calm note says the contacts will come; on failure an alert explains and offers a
 * retry, after which focus returns to the heading. {@link focusHeading} moves focus to the view's heading,
 * for the page that opens it.
 */
@customElement('cartable-contacts')
export class CartableContacts extends LitElement {
  public static override styles = [ baseStyles, buttonStyles, contactsStyles ];

  /** The session's fetch (the address book is owner-only). */
  @property({ attribute: false })
  public fetcher?: FetchLike;

  /** The pod root (`Cartable.storage`). */
  @property()
  public storage = '';

  /** Loads the address book (`HomeServices.loadContacts`); nothing is loaded until it is set. */
  @property({ attribute: false })
  public loader?: ContactsLoader;

  @query('h1')
  private readonly _heading!: HTMLElement | null;

  /** Re-renders this element in the new language. */
  protected readonly languageController = new LanguageController(this);

  private readonly _contacts = new Task(this, {
    task: async([ fetcher, storage, loader ]: readonly [FetchLike | undefined, string, ContactsLoader | undefined]):
    Promise<Contacts | typeof initialState> =>
      fetcher === undefined || storage === '' || loader === undefined ? initialState : loader(fetcher, storage),
    args: (): readonly [FetchLike | undefined, string, ContactsLoader | undefined] => [ this.fetcher, this.storage, this.loader ],
  });

  /** Moves focus to the view's heading (once rendered), so that screen readers start reading there. */
  public async focusHeading(): Promise<void> {
    await this.updateComplete;
    this._heading?.focus();
  }

  protected override render(): TemplateResult {
    const t = msg();
    const loading = (): TemplateResult => html`<cartable-busy-indicator label=${t.contactsLoading}></cartable-busy-indicator>`;
    return html`
      <section aria-labelledby="contacts-heading">
        <h1 id="contacts-heading" tabindex="-1">${t.contactsHeading}</h1>
        ${this._contacts.render({
          initial: loading,
          pending: loading,
          complete: (contacts: Contacts): TemplateResult => this._renderContacts(contacts, t),
          error: (error: unknown): TemplateResult => html`
            <div class="problem" role="alert">
              <h2>${t.contactsErrorHeading}</h2>
              <p>${explain(error, t)}</p>
              <button type="button" class="primary" @click=${this._onRetry}>${t.retry}</button>
            </div>
          `,
        })}
      </section>
    `;
  }

  private _renderContacts(contacts: Contacts, t: Messages): TemplateResult {
    if (!contacts.available) {
      return html`<p class="note" role="status">${t.contactsNotSynced}</p>`;
    }
    if (contacts.groups.length === 0 && contacts.ungrouped.length === 0) {
      return html`<p class="note">${t.contactsEmpty}</p>`;
    }
    const classes = contacts.groups.filter((group): boolean => group.kind === 'class');
    const others = contacts.groups.filter((group): boolean => group.kind !== 'class');
    return html`
      ${classes.length === 0 ? nothing : html`
        <h2>${classes.length === 1 ? t.contactsMyClass : t.contactsMyClasses}</h2>
        ${classes.map((group, index): TemplateResult => this._renderGroup(group, `class-${index}`, t))}
      `}
      ${others.length === 0 ? nothing : html`
        <h2>${t.contactsMyGroups}</h2>
        ${others.map((group, index): TemplateResult => this._renderGroup(group, `group-${index}`, t))}
      `}
      ${contacts.ungrouped.length === 0 ? nothing : html`
        <h2 id="others-heading">${t.contactsOthers}</h2>
        ${this._renderPeople(contacts.ungrouped, 'others-heading', t)}
      `}
    `;
  }

  private _renderGroup(group: ContactGroup, id: string, t: Messages): TemplateResult {
    return html`
      <h3 id=${id}>${group.name}</h3>
      ${group.members.length === 0 ?
        html`<p class="note">${t.contactsGroupEmpty}</p>` :
        this._renderPeople(group.members, id, t)}
    `;
  }

  /** The people of a group as a list named by the group's heading. */
  private _renderPeople(people: readonly Contact[], headingId: string, t: Messages): TemplateResult {
    return html`
      <ul role="list" aria-labelledby=${headingId}>
        ${people.map((person): TemplateResult => html`
          <li>
            <span class="name">${person.name}</span>
            ${person.role === null ?
              nothing :
              html`<span class="role"><span class="visually-hidden">, </span>${roleLabel(person.role, t)}</span>`}
          </li>
        `)}
      </ul>
    `;
  }

  private async _onRetry(): Promise<void> {
    await this._contacts.run();
    await this.focusHeading();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cartable-contacts': CartableContacts;
  }
}
