import { prefixLines, turtleIri, turtleString } from '../util/Turtle';

/** The kinds of server-owned groups, each a `cartable:` class (vocab/cartable.ttl). */
export const CLASS_GROUP_KINDS = [ 'SchoolClass', 'OptionGroup', 'SchoolCommunity', 'ParentsGroup' ] as const;
export type ClassGroupKind = typeof CLASS_GROUP_KINDS[number];

/** A member: by WebID, or by ENT identifier for a person who has no account yet. */
export type ClassGroupMember = { webId: string } | { entUid: string };

/** A class, option group or school community, as the ENT directory describes it. */
export interface ClassGroup {
  /** The school (structure) identifier, e.g. its UAI `0350000A`: one URL path segment. */
  structureId: string;
  /** The group's identifier within the school, e.g. `4A`: one URL path segment. */
  groupId: string;
  kind: ClassGroupKind;
  /** Display name, e.g. `4e A`. */
  name: string;
  members: readonly ClassGroupMember[];
}

/** The fragment naming the group in its document: the group IRI is `<document>#members`. */
export const GROUP_FRAGMENT = 'members';

/** Identifiers become URL path segments: ASCII letters, digits, `_` and `-` only (no dots: `x.acl` is an ACL). */
export const GROUP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/u;

/** Why a group cannot be written, or `null` when it can. */
export function classGroupProblem(group: ClassGroup): string | null {
  for (const key of [ 'structureId', 'groupId' ] as const) {
    if (typeof group[key] !== 'string' || !GROUP_ID_PATTERN.test(group[key])) {
      return `${key} ${JSON.stringify(group[key])} must be 1 to 64 ASCII letters, digits, "_" or "-", starting with a letter or digit.`;
    }
  }
  if (!(CLASS_GROUP_KINDS as readonly string[]).includes(group.kind)) {
    return `kind ${JSON.stringify(group.kind)} must be one of ${CLASS_GROUP_KINDS.join(', ')}.`;
  }
  if (typeof group.name !== 'string' || group.name.trim() === '') {
    return 'name must be a non-empty string.';
  }
  if (!Array.isArray(group.members)) {
    return 'members must be an array.';
  }
  for (const [ index, member ] of group.members.entries()) {
    const problem = memberProblem(member);
    if (problem) {
      return `members[${index}]: ${problem}`;
    }
  }
  return null;
}

function memberProblem(member: unknown): string | null {
  if (typeof member !== 'object' || member === null) {
    return 'expected { webId } or { entUid }.';
  }
  const { webId, entUid } = member as { webId?: unknown; entUid?: unknown };
  if ((webId === undefined) === (entUid === undefined)) {
    return 'expected exactly one of webId and entUid.';
  }
  if (entUid !== undefined) {
    return typeof entUid === 'string' && entUid.length > 0 && entUid.length <= 256 ?
      null :
      'entUid must be a non-empty string of at most 256 characters.';
  }
  if (typeof webId !== 'string' || !URL.canParse(webId) || !/^https?:$/u.test(new URL(webId).protocol)) {
    return `webId ${JSON.stringify(webId)} must be an absolute http(s) URL.`;
  }
  try {
    turtleIri(webId);
  } catch {
    return `webId ${JSON.stringify(webId)} contains characters not allowed in an IRI.`;
  }
  return null;
}

/**
 * The Turtle of a group document: `<#members>` is a `vcard:Group` of the given kind, with `vcard:fn`,
 * `schema:identifier` and one `vcard:hasMember` per member (duplicates dropped). Values are escaped, so a
 * name or identifier from the directory can never inject triples. The group must be valid
 * ({@link classGroupProblem}).
 */
export function classGroupTurtle(group: ClassGroup): string {
  const webIds = new Set<string>();
  const entUids = new Set<string>();
  for (const member of group.members) {
    if ('webId' in member) {
      webIds.add(member.webId);
    } else {
      entUids.add(member.entUid);
    }
  }
  const members = [
    ...[ ...webIds ].map((webId): string => turtleIri(webId)),
    ...[ ...entUids ].map((uid): string => `[ cartable:entPersonUid ${turtleString(uid)} ]`),
  ];
  const hasMember = members.length === 0 ? '' : `;\n    vcard:hasMember\n        ${members.join(',\n        ')}`;
  return `${prefixLines('cartable', 'schema', 'vcard')}
# Written by the server from the ENT directory; never public: only the group's members can read it.
<#${GROUP_FRAGMENT}> a vcard:Group, cartable:${group.kind};
    vcard:fn ${turtleString(group.name)};
    schema:identifier ${turtleString(group.groupId)}${hasMember}.
`;
}

/** The ACL of a group document named `documentName` (relative to its ACL): read by the group's members only. */
export function classGroupAclTurtle(documentName: string): string {
  const document = turtleIri(documentName);
  const group = turtleIri(`${documentName}#${GROUP_FRAGMENT}`);
  return `${prefixLines('acl')}
# A group's members, and nobody else, may read its member list. Nobody writes it over HTTP: the server
# rewrites the document when the ENT directory changes; this ACL never changes.
<#${GROUP_FRAGMENT}> a acl:Authorization;
    acl:agentGroup ${group};
    acl:accessTo ${document};
    acl:mode acl:Read.
`;
}

/** The ACL of the groups container: nothing is granted, to anyone. */
export function groupsContainerAclTurtle(): string {
  return `${prefixLines('acl')}
# Server-owned group documents (class lists of minors): no authorization is granted here, to anyone, and
# nothing is inherited below. Each group document has its own ACL letting the group's members read it.
`;
}
