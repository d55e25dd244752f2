import type { Quad } from 'n3';
import { asContainer } from './areas.ts';
import { fetchOptionalRdf } from './fetchRdf.ts';
import type { FetchLike } from './fetchRdf.ts';
import { firstLiteral, hasType, namedNodesOf } from './graph.ts';
import { CARTABLE_NS, TERMS } from './namespaces.ts';
// The server's rule (a pure module shared with the server) for telling classes from option groups.
import { isClassGroup } from '../../../../components/src/ent/EntContacts.ts';

/**
 * Where the server writes the person's address book from the school ENT's directory at each ENT sign-in,
 * relative to the pod root (components/src/ent/EntDirectorySync.ts, `writeAddressBook`).
 */
export const CONTACTS_PATH = 'contacts/ent-directory';

const VCARD_NS = 'http://www.w3.org/2006/vcard/ns#';

/** The vCard terms of an address book (SolidOS contacts use the same ones). */
const VCARD = {
  group: [ `${VCARD_NS}Group` ],
  fn: [ `${VCARD_NS}fn` ],
  hasMember: [ `${VCARD_NS}hasMember` ],
  role: [ `${VCARD_NS}role` ],
  url: [ `${VCARD_NS}url` ],
} as const;

/** Classes that mark a group as a school class, when the address book says so. */
const SCHOOL_CLASS = [ `${CARTABLE_NS}SchoolClass`, `${CARTABLE_NS}Class` ];

/** One person of the address book. */
export interface Contact {
  /** Display name (`vcard:fn`). */
  readonly name: string;
  /** Role at school as the ENT names it (`Élève`, `Enseignant`, `CPE`…), or `null`. */
  readonly role: string | null;
  /** The person's WebID (`vcard:url`) once they have a Cartable, else `null`. */
  readonly webId: string | null;
}

/** A class, or any other group (option, staff). */
export type ContactGroupKind = 'class' | 'group';

/** One group of the address book with its members. */
export interface ContactGroup {
  /** Display name (`vcard:fn`), e.g. `4A – COLLEGE DEMO ANJELA DUVAL`. */
  readonly name: string;
  readonly kind: ContactGroupKind;
  /** The members, by name. */
  readonly members: readonly Contact[];
}

/** What {@link loadContacts} gives. */
export interface Contacts {
  /** `false` when the pod has no ENT address book (never synced, or not a Cartable pod): nothing is shown. */
  readonly available: boolean;
  /** The document that was read. */
  readonly url: string;
  /** Classes first, then the other groups, each by name. */
  readonly groups: readonly ContactGroup[];
  /** People of the address book in none of the groups, by name (rare: the ENT lists contacts by group). */
  readonly ungrouped: readonly Contact[];
}

/** Names in French alphabetical order, accents and case aside, numbers by value (`4A` before `10A`). */
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [ ...items ].sort((a, b): number => collator.compare(a.name, b.name));
}

/** Subjects that have `type` as `rdf:type`, in document order, without duplicates. */
function subjectsOfType(quads: readonly Quad[], types: readonly string[]): string[] {
  const typePredicates: readonly string[] = TERMS.type;
  const subjects = new Set<string>();
  for (const quad of quads) {
    if (typePredicates.includes(quad.predicate.value) && types.includes(quad.object.value) &&
      quad.subject.termType === 'NamedNode') {
      subjects.add(quad.subject.value);
    }
  }
  return [ ...subjects ];
}

function isHttpUrl(value: string): boolean {
  try {
    return [ 'http:', 'https:' ].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The person `iri` names, or `null` when it has no name to show. */
function readContact(quads: readonly Quad[], iri: string): Contact | null {
  const name = firstLiteral(quads, iri, VCARD.fn);
  if (name === null) {
    return null;
  }
  return {
    name,
    role: firstLiteral(quads, iri, VCARD.role),
    webId: namedNodesOf(quads, iri, VCARD.url).find(isHttpUrl) ?? null,
  };
}

/** The ENT identifier of a group: its server-owned document (`…/groups/<school>/<gid>#members`), else its own IRI (`#g-<school>-<gid>`). */
function groupIds(quads: readonly Quad[], iri: string): string[] {
  const ids: string[] = [];
  for (const seeAlso of namedNodesOf(quads, iri, TERMS.seeAlso)) {
    if (URL.canParse(seeAlso)) {
      const path = new URL(seeAlso).pathname;
      ids.push(path.slice(path.lastIndexOf('/') + 1));
    }
  }
  const fragment = /#g-[^-]+-(.+)$/u.exec(iri)?.[1];
  if (fragment !== undefined) {
    ids.push(fragment);
  }
  return ids;
}

function kindOf(quads: readonly Quad[], iri: string): ContactGroupKind {
  return hasType(quads, iri, TERMS.type, SCHOOL_CLASS) || groupIds(quads, iri).some(isClassGroup) ? 'class' : 'group';
}

/**
 * Reads the groups and people of an address book (the quads of `contacts/ent-directory`): each `vcard:Group`
 * with a name, its `vcard:hasMember` people that have a name (`vcard:fn`, `vcard:role`, `vcard:url` as
 * WebID). Classes first, then the other groups, each by name; members by name (French order).
 */
export function readContacts(quads: readonly Quad[]): Pick<Contacts, 'groups' | 'ungrouped'> {
  const people = new Map<string, Contact | null>();
  const person = (iri: string): Contact | null => {
    if (!people.has(iri)) {
      people.set(iri, readContact(quads, iri));
    }
    return people.get(iri) ?? null;
  };
  const grouped = new Set<string>();
  const groups: ContactGroup[] = [];
  for (const iri of subjectsOfType(quads, VCARD.group)) {
    const name = firstLiteral(quads, iri, VCARD.fn);
    if (name === null) {
      continue;
    }
    const memberIris = namedNodesOf(quads, iri, VCARD.hasMember);
    for (const member of memberIris) {
      grouped.add(member);
    }
    const members = memberIris.map(person).filter((contact): contact is Contact => contact !== null);
    groups.push({ name, kind: kindOf(quads, iri), members: byName(members) });
  }
  const ungrouped = subjectsOfType(quads, [ `${VCARD_NS}Individual` ])
    .filter((iri): boolean => !grouped.has(iri))
    .map(person)
    .filter((contact): contact is Contact => contact !== null);
  return {
    groups: [
      ...byName(groups.filter((group): boolean => group.kind === 'class')),
      ...byName(groups.filter((group): boolean => group.kind !== 'class')),
    ],
    ungrouped: byName(ungrouped),
  };
}

/**
 * Reads the person's address book from the school ENT (`<pod>contacts/ent-directory`) with the Solid
 * protocol.
 *
 * A missing document (404, 410) is not an error but `{ available: false }`: the person has not signed in
 * with the ENT yet, or the pod is not a Cartable pod (DESIGN §2).
 *
 * @param fetchFn - An authenticated `fetch` (the owner's session): the address book is owner-only.
 * @param storage - The pod root (`Cartable.storage`).
 * @throws {@link FetchError} when the document cannot be read (no response, another non-2xx status,
 *   invalid Turtle).
 */
export async function loadContacts(fetchFn: FetchLike, storage: string): Promise<Contacts> {
  const url = new URL(CONTACTS_PATH, asContainer(storage)).href;
  const document = await fetchOptionalRdf(fetchFn, url);
  if (document === null) {
    return { available: false, url, groups: [], ungrouped: []};
  }
  return { available: true, url, ...readContacts(document.quads) };
}
