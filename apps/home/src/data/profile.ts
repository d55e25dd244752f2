import type { Quad } from 'n3';
import { firstLiteral, firstNamedNode, namedNodesOf } from './graph.ts';
import { TERMS } from './namespaces.ts';

/** What a WebID profile document says about its WebID, as the home app needs it. */
export interface WebIdProfile {
  readonly webId: string;
  /** Pod root (`pim:storage`, else `solid:storage`), as written. */
  readonly storage: string | null;
  readonly inbox: string | null;
  readonly preferencesFile: string | null;
  readonly publicTypeIndex: string | null;
  readonly oidcIssuers: readonly string[];
  /** A name in the public profile (other Solid servers often keep it there; Cartable does not). */
  readonly name: string | null;
  /** Extended profile documents linked from the profile itself. */
  readonly seeAlso: readonly string[];
}

/** Reads the Solid WebID profile terms about `webId` from the quads of its profile document. */
export function readProfile(quads: readonly Quad[], webId: string): WebIdProfile {
  return {
    webId,
    storage: firstNamedNode(quads, webId, TERMS.storage),
    inbox: firstNamedNode(quads, webId, TERMS.inbox),
    preferencesFile: firstNamedNode(quads, webId, TERMS.preferencesFile),
    publicTypeIndex: firstNamedNode(quads, webId, TERMS.publicTypeIndex),
    oidcIssuers: namedNodesOf(quads, webId, TERMS.oidcIssuer),
    name: firstLiteral(quads, webId, TERMS.personName),
    seeAlso: namedNodesOf(quads, webId, TERMS.seeAlso),
  };
}
