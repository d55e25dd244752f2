/**
 * The Cartable pupil pod layout (DESIGN.md §3), as data.
 *
 * This module is pure (no I/O, no CSS imports) so that the server's pod generator, the apps and the CLI
 * share one definition of where things live in a cartable and who may read them.
 */

/** Who may read an area when the pod is created (shares and parent rules are added later by the owner). */
export type AreaAccess =
  /** Only the owner. */
  | 'owner'
  /** Owner; authenticated agents may append (LDN inbox). */
  | 'inbox'
  /** Owner; children of the `published/` sub-container are publicly readable, the listings are not. */
  | 'portfolio';

/** One top-level area of a cartable. */
export interface PodArea {
  /** Path relative to the pod root, with trailing slash. */
  readonly path: string;
  /** Short machine key, also used by the apps for routing and icons. */
  readonly key: string;
  /** Human labels. */
  readonly label: { readonly fr: string; readonly en: string };
  /** What the area holds, for people. */
  readonly description: { readonly fr: string; readonly en: string };
  /** Initial access rule. */
  readonly access: AreaAccess;
  /** Whether the home app lists it as a place the person goes to. */
  readonly visible: boolean;
}

/** The areas of every new pod, in display order. */
export const POD_AREAS: readonly PodArea[] = [
  { path: 'drive/', key: 'drive', access: 'owner', visible: true,
    label: { fr: 'Mes fichiers', en: 'My files' },
    description: { fr: 'Fichiers et dossiers', en: 'Files and folders' } },
  { path: 'notes/', key: 'notes', access: 'owner', visible: true,
    label: { fr: 'Notes', en: 'Notes' },
    description: { fr: 'Prises de notes, seul ou à plusieurs', en: 'Notes, alone or together' } },
  { path: 'photos/', key: 'photos', access: 'owner', visible: true,
    label: { fr: 'Photos', en: 'Photos' },
    description: { fr: 'Albums photo', en: 'Photo albums' } },
  { path: 'school/', key: 'school', access: 'owner', visible: true,
    label: { fr: 'Scolarité', en: 'School records' },
    description: { fr: 'Notes, bulletins, diplômes, devoirs', en: 'Grades, report cards, diplomas, homework' } },
  { path: 'badges/', key: 'badges', access: 'owner', visible: true,
    label: { fr: 'Badges', en: 'Badges' },
    description: { fr: 'Open Badges obtenus', en: 'Open Badges earned' } },
  { path: 'portfolio/', key: 'portfolio', access: 'portfolio', visible: true,
    label: { fr: 'Portfolio', en: 'Portfolio' },
    description: { fr: 'Pages de portfolio, brouillons et publiées', en: 'Portfolio pages, drafts and published' } },
  { path: 'pass/', key: 'pass', access: 'owner', visible: true,
    label: { fr: 'Mots de passe', en: 'Passwords' },
    description: { fr: 'Coffre chiffré dans le navigateur', en: 'Vault encrypted in the browser' } },
  { path: 'contacts/', key: 'contacts', access: 'owner', visible: true,
    label: { fr: 'Contacts', en: 'Contacts' },
    description: { fr: 'Carnet d’adresses, classes et groupes', en: 'Address book, classes and groups' } },
  { path: 'inbox/', key: 'inbox', access: 'inbox', visible: true,
    label: { fr: 'Messages reçus', en: 'Inbox' },
    description: { fr: 'Partages, devoirs, avis', en: 'Shares, assignments, notices' } },
  { path: 'consents/', key: 'consents', access: 'owner', visible: true,
    label: { fr: 'Qui voit quoi', en: 'Who sees what' },
    description: { fr: 'Autorisations données et journal des accès', en: 'Grants given and access log' } },
  { path: 'settings/', key: 'settings', access: 'owner', visible: false,
    label: { fr: 'Réglages', en: 'Settings' },
    description: { fr: 'Préférences et index des types', en: 'Preferences and type indexes' } },
];

/** Fixed documents of the layout, relative to the pod root. */
export const POD_DOCUMENTS = {
  /** Public WebID profile document (the WebID is `#me` in it). */
  profile: 'profile/card',
  /** Owner-only: name, school, class, role. */
  about: 'profile/about',
  /** Owner-only preferences file; links the private type index and the about document. */
  preferences: 'settings/prefs',
  /** Public type index. */
  publicTypeIndex: 'settings/publicTypeIndex',
  /** Owner-only type index. */
  privateTypeIndex: 'settings/privateTypeIndex',
  /** Published portfolio pages live below this container (pages public, listing private). */
  portfolioPublished: 'portfolio/published/',
  /** Portfolio drafts (owner only). */
  portfolioDrafts: 'portfolio/drafts/',
} as const;

/** Fragment of the WebID inside the profile document. */
export const WEBID_FRAGMENT = 'me';
