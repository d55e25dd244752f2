import type { Quad } from 'n3';
import { firstLiteral, hasType, namedNodesOf } from './graph.ts';
import { TERMS } from './namespaces.ts';

/** The roles Cartable knows (`cartable:role`). */
export const ROLES = [ 'pupil', 'teacher', 'parent', 'staff' ] as const;

/** A person's role in Cartable. */
export type Role = typeof ROLES[number];

/** Who the person is at school, from the owner-only "about" document. */
export interface About {
  readonly name: string | null;
  /** Name of the school (`schema:memberOf` a `schema:School`). */
  readonly school: string | null;
  /** Name of the class (`schema:memberOf` a `cartable:SchoolClass`, else an organisation that is not a school). */
  readonly className: string | null;
  readonly role: Role | null;
}

/** `"pupil"`, or an IRI ending in `#pupil` / `/pupil`, becomes `pupil`; anything else is `null`. */
function toRole(value: string | null): Role | null {
  if (value === null) {
    return null;
  }
  const local = value.slice(Math.max(value.lastIndexOf('#'), value.lastIndexOf('/')) + 1).toLowerCase();
  return ROLES.find((role): boolean => role === local) ?? null;
}

/** Reads name, school, class and role of `webId` from the quads of an "about" document. */
export function readAbout(quads: readonly Quad[], webId: string): About {
  const groups = namedNodesOf(quads, webId, TERMS.memberOf);
  const named = (iri: string): string | null => firstLiteral(quads, iri, TERMS.name);
  const isSchool = (iri: string): boolean => hasType(quads, iri, TERMS.type, TERMS.schoolClasses);
  const isClass = (iri: string): boolean => hasType(quads, iri, TERMS.type, TERMS.schoolClass);

  const school = groups.find((iri): boolean => isSchool(iri) && named(iri) !== null);
  const className = groups.find((iri): boolean => isClass(iri) && named(iri) !== null) ??
    groups.find((iri): boolean => !isSchool(iri) && named(iri) !== null);

  const roleNode = namedNodesOf(quads, webId, TERMS.role)[0] ?? null;
  return {
    name: firstLiteral(quads, webId, TERMS.personName),
    school: school === undefined ? null : named(school),
    className: className === undefined ? null : named(className),
    role: toRole(firstLiteral(quads, webId, TERMS.role) ?? roleNode),
  };
}
