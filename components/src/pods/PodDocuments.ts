import { POD_AREAS, POD_DOCUMENTS, WEBID_FRAGMENT } from './PodLayout';
import type { PodArea } from './PodLayout';
import { prefixLines, turtleIri, turtleString } from '../util/Turtle';

/**
 * What Cartable knows about a person when their pod is created.
 * Everything but `webId`/`podUrl` is optional: pods created through the plain account API have none of it.
 */
export interface PodPerson {
  /** Absolute URL of the pod root (trailing slash). */
  podUrl: string;
  /** The owner's WebID (absolute). */
  webId: string;
  /** The OIDC issuer to put in the profile; absent when the WebID is external. */
  oidcIssuer?: string;
  /** Display name (private: goes to the about document only). */
  fullName?: string;
  /** School name and identifier (UAI) (private). */
  school?: string;
  schoolId?: string;
  /** Class name (private). */
  className?: string;
  /** `pupil`, `teacher`, `parent`, `staff` (private). */
  role?: string;
}

/** A generated document: path relative to the pod root and its Turtle body. */
export interface PodDocument {
  path: string;
  turtle: string;
}

/**
 * Writes `target` relative to `fromPath` when both are in the pod, so that a pod refers to itself with
 * relative IRIs (DESIGN §4) and needs no rewriting when it moves; absolute otherwise.
 */
export function podRelative(person: PodPerson, fromPath: string, target: string): string {
  if (!target.startsWith(person.podUrl)) {
    return turtleIri(target);
  }
  const fromDirs = fromPath.split('/').slice(0, -1);
  const targetParts = target.slice(person.podUrl.length).split('/');
  let common = 0;
  while (common < fromDirs.length && common < targetParts.length - 1 && fromDirs[common] === targetParts[common]) {
    common += 1;
  }
  const relative = `${'../'.repeat(fromDirs.length - common)}${targetParts.slice(common).join('/')}`;
  return turtleIri(relative === '' ? './' : relative);
}

function ownerRule(person: PodPerson, aclPath: string, target: string, withDefault: boolean): string {
  const owner = podRelative(person, aclPath, person.webId);
  return `<#owner> a acl:Authorization;
    acl:agent ${owner};
    acl:accessTo <${target}>;${withDefault ? `\n    acl:default <${target}>;` : ''}
    acl:mode acl:Read, acl:Write, acl:Control.
`;
}

/** The ACL documents of a new pod, keyed by the path of the ACL resource. */
export function podAcls(person: PodPerson): PodDocument[] {
  const acls: PodDocument[] = [];
  const header = prefixLines('acl', 'foaf');
  acls.push({ path: '.acl', turtle: `${header}\n# Owner only: nothing in a cartable is public unless a rule below says so.\n${ownerRule(person, '.acl', './', true)}` });
  acls.push({
    path: `${POD_DOCUMENTS.profile}.acl`,
    turtle: `${header}\n${ownerRule(person, `${POD_DOCUMENTS.profile}.acl`, 'card', false)}
# The WebID profile is public: it holds only what Solid needs (issuer, storage, inbox, public type index).
<#public> a acl:Authorization;
    acl:agentClass foaf:Agent;
    acl:accessTo <card>;
    acl:mode acl:Read.
`,
  });
  acls.push({
    path: `${POD_DOCUMENTS.publicTypeIndex}.acl`,
    turtle: `${header}\n${ownerRule(person, `${POD_DOCUMENTS.publicTypeIndex}.acl`, 'publicTypeIndex', false)}
<#public> a acl:Authorization;
    acl:agentClass foaf:Agent;
    acl:accessTo <publicTypeIndex>;
    acl:mode acl:Read.
`,
  });
  for (const area of POD_AREAS) {
    acls.push({ path: `${area.path}.acl`, turtle: areaAcl(person, area) });
  }
  const published = `${POD_DOCUMENTS.portfolioPublished}.acl`;
  acls.push({
    path: published,
    turtle: `${header}\n${ownerRule(person, published, './', true)}
# Published portfolio pages are public; the listing of this folder is not (no acl:accessTo for the public).
<#public> a acl:Authorization;
    acl:agentClass foaf:Agent;
    acl:default <./>;
    acl:mode acl:Read.
`,
  });
  return acls;
}

function areaAcl(person: PodPerson, area: PodArea): string {
  const path = `${area.path}.acl`;
  const header = prefixLines('acl', 'foaf');
  const owner = ownerRule(person, path, './', true);
  if (area.access === 'inbox') {
    return `${header}\n${owner}
# Any signed-in person may post a notification; only the owner reads them.
<#append> a acl:Authorization;
    acl:agentClass acl:AuthenticatedAgent;
    acl:accessTo <./>;
    acl:mode acl:Append.
`;
  }
  return `${header}\n${owner}`;
}

/** The non-ACL documents of a new pod (profile, about, preferences, type indexes). */
export function podDocuments(person: PodPerson): PodDocument[] {
  const { profile, about, preferences, publicTypeIndex, privateTypeIndex } = POD_DOCUMENTS;
  const rel = (from: string, target: string): string => podRelative(person, from, target);
  const me = person.webId;
  const docs: PodDocument[] = [];

  const issuer = person.oidcIssuer ? `\n    solid:oidcIssuer ${turtleIri(person.oidcIssuer)};` : '';
  docs.push({
    path: profile,
    turtle: `${prefixLines('foaf', 'ldp', 'pim', 'solid')}
<> a foaf:PersonalProfileDocument;
    foaf:maker ${rel(profile, me)};
    foaf:primaryTopic ${rel(profile, me)}.

${rel(profile, me)} a foaf:Person;${issuer}
    pim:storage ${rel(profile, person.podUrl)};
    solid:storage ${rel(profile, person.podUrl)};
    ldp:inbox ${rel(profile, `${person.podUrl}inbox/`)};
    pim:preferencesFile ${rel(profile, `${person.podUrl}${preferences}`)};
    solid:publicTypeIndex ${rel(profile, `${person.podUrl}${publicTypeIndex}`)}.
`,
  });

  const facts: string[] = [];
  if (person.fullName) {
    facts.push(`foaf:name ${turtleString(person.fullName)}`, `vcard:fn ${turtleString(person.fullName)}`);
  }
  if (person.role) {
    facts.push(`cartable:role ${turtleString(person.role)}`);
  }
  const orgs: string[] = [];
  if (person.school) {
    facts.push('schema:memberOf <#school>');
    const id = person.schoolId ? `;\n    schema:identifier ${turtleString(person.schoolId)}` : '';
    orgs.push(`<#school> a schema:School;\n    schema:name ${turtleString(person.school)}${id}.`);
  }
  if (person.className) {
    facts.push('schema:memberOf <#class>');
    orgs.push(`<#class> a schema:Organization, cartable:SchoolClass;\n    schema:name ${turtleString(person.className)}.`);
  }
  docs.push({
    path: about,
    turtle: `${prefixLines('cartable', 'foaf', 'schema', 'vcard')}
# Who this person is at school. Private: only the owner reads it (the ENT opens it to their school).
<> a foaf:Document;
    foaf:primaryTopic ${rel(about, me)}.
${facts.length > 0 ? `\n${rel(about, me)}\n    ${facts.join(';\n    ')}.\n` : ''}${orgs.length > 0 ? `\n${orgs.join('\n\n')}\n` : ''}`,
  });

  docs.push({
    path: preferences,
    turtle: `${prefixLines('pim', 'rdfs', 'solid')}
<> a pim:ConfigurationFile.

${rel(preferences, me)}
    solid:privateTypeIndex ${rel(preferences, `${person.podUrl}${privateTypeIndex}`)};
    rdfs:seeAlso ${rel(preferences, `${person.podUrl}${about}`)}.
`,
  });
  docs.push({
    path: publicTypeIndex,
    turtle: `${prefixLines('solid')}\n<> a solid:TypeIndex, solid:ListedDocument.\n`,
  });
  docs.push({
    path: privateTypeIndex,
    turtle: `${prefixLines('solid')}\n<> a solid:TypeIndex, solid:UnlistedDocument.\n`,
  });
  return docs;
}

/** The WebID a pod would generate for itself. */
export function defaultWebId(podUrl: string): string {
  return `${podUrl}${POD_DOCUMENTS.profile}#${WEBID_FRAGMENT}`;
}
