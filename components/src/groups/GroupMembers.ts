import { PREFIXES } from '../util/Turtle';

const HAS_MEMBER = `${PREFIXES.vcard}hasMember`;
const ENT_PERSON_UID = `${PREFIXES.cartable}entPersonUid`;

/** The members of one `vcard:Group`: by WebID, and by ENT identifier for people who have no account yet. */
export interface GroupMembers {
  webIds: ReadonlySet<string>;
  entUids: ReadonlySet<string>;
}

/** The groups of one group document, keyed by the group's IRI (`<document>#members`). */
export type GroupIndex = ReadonlyMap<string, GroupMembers>;

/** The part of an RDF/JS quad that is read here (n3 and rdf-parse quads both fit). */
export interface MemberQuad {
  subject: { termType: string; value: string };
  predicate: { termType: string; value: string };
  object: { termType: string; value: string };
}

function termKey(term: MemberQuad['object']): string | undefined {
  if (term.termType === 'NamedNode') {
    return term.value;
  }
  return term.termType === 'BlankNode' ? `_:${term.value}` : undefined;
}

/**
 * Reads the members of every group in a group document:
 * `<#members> vcard:hasMember <webId>` and, when `withEntUids` is set,
 * `<#members> vcard:hasMember [ cartable:entPersonUid "UID" ]` (a member node, blank or named, with an ENT identifier).
 *
 * `withEntUids` is off for documents from other servers: ENT identifiers are only meaningful in the
 * directory this server trusts.
 */
export function readGroupMembers(quads: Iterable<MemberQuad>, withEntUids: boolean): GroupIndex {
  const memberships: MemberQuad[] = [];
  const uids = new Map<string, string[]>();
  for (const quad of quads) {
    if (quad.predicate.value === HAS_MEMBER && quad.subject.termType === 'NamedNode') {
      memberships.push(quad);
    } else if (withEntUids && quad.predicate.value === ENT_PERSON_UID && quad.object.termType === 'Literal') {
      const key = termKey(quad.subject);
      if (key !== undefined) {
        uids.set(key, [ ...uids.get(key) ?? [], quad.object.value ]);
      }
    }
  }
  const groups = new Map<string, { webIds: Set<string>; entUids: Set<string> }>();
  for (const { subject, object } of memberships) {
    let group = groups.get(subject.value);
    if (!group) {
      group = { webIds: new Set(), entUids: new Set() };
      groups.set(subject.value, group);
    }
    if (object.termType === 'NamedNode') {
      group.webIds.add(object.value);
    }
    const key = termKey(object);
    for (const uid of key === undefined ? [] : uids.get(key) ?? []) {
      group.entUids.add(uid);
    }
  }
  return groups;
}
