import type { Quad } from 'n3';
import { firstNamedNode, namedNodesOf } from './graph.ts';
import { TERMS } from './namespaces.ts';

/** What the owner-only preferences file says about the WebID. */
export interface Preferences {
  readonly privateTypeIndex: string | null;
  /** Further owner-only documents about the person (in a Cartable pod: `profile/about`). */
  readonly seeAlso: readonly string[];
}

/** Reads the preferences of `webId` from the quads of the preferences file (`pim:preferencesFile`). */
export function readPreferences(quads: readonly Quad[], webId: string): Preferences {
  return {
    privateTypeIndex: firstNamedNode(quads, webId, TERMS.privateTypeIndex),
    seeAlso: namedNodesOf(quads, webId, TERMS.seeAlso),
  };
}
