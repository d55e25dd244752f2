import type { Quad } from 'n3';
import { asContainer } from './areas.ts';
import { fetchOptionalRdf } from './fetchRdf.ts';
import type { FetchLike } from './fetchRdf.ts';
import { firstLiteral } from './graph.ts';
import { TERMS } from './namespaces.ts';

/**
 * Where the server records who may see part of the person's Cartable (the parents of a pupil under 15),
 * relative to the pod root (components/src/ent/EntParentalAccess.ts, `writeConsentRecord`).
 */
export const CONSENTS_PATH = 'consents/parents';

const DPV_CONSENT = 'https://w3id.org/dpv#Consent';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const DCT_DESCRIPTION = 'http://purl.org/dc/terms/description';
const DCT_VALID = 'http://purl.org/dc/terms/valid';

/** A text in French and in English. */
export interface Bilingual {
  readonly fr: string;
  readonly en: string;
}

/** One access granted to someone else. */
export interface ConsentGrant {
  /** Short name of the access (`rdfs:label`), e.g. "Mes parents voient ma scolarité". */
  readonly label: Bilingual;
  /** What it means (`dct:description`). */
  readonly description: Bilingual;
  /** Until when it holds (`dct:valid "until YYYY-MM-DD"`, given as `YYYY-MM-DD`), or `null`. */
  readonly until: string | null;
}

/** What {@link loadConsents} gives. */
export interface Consents {
  readonly grants: readonly ConsentGrant[];
}

/** The literal of `subject` through `predicate` in `lang` (else untagged, else any), trimmed, or `''`. */
function literalIn(quads: readonly Quad[], subject: string, predicate: string, lang: string): string {
  const literals = quads.filter((quad): boolean => quad.subject.value === subject &&
    quad.predicate.value === predicate && quad.object.termType === 'Literal' && quad.object.value.trim() !== '');
  const pick = literals.find((quad): boolean => 'language' in quad.object && quad.object.language === lang) ??
    literals.find((quad): boolean => 'language' in quad.object && quad.object.language === '') ??
    literals[0];
  return pick?.object.value.trim() ?? '';
}

function bilingual(quads: readonly Quad[], subject: string, predicate: string): Bilingual {
  return { fr: literalIn(quads, subject, predicate, 'fr'), en: literalIn(quads, subject, predicate, 'en') };
}

/** Reads each `dpv:Consent` with a label from the quads of a consent record, in document order. */
export function readConsents(quads: readonly Quad[]): ConsentGrant[] {
  const typePredicates: readonly string[] = TERMS.type;
  const subjects = new Set<string>();
  for (const quad of quads) {
    if (typePredicates.includes(quad.predicate.value) && quad.object.value === DPV_CONSENT) {
      subjects.add(quad.subject.value);
    }
  }
  const grants: ConsentGrant[] = [];
  for (const subject of subjects) {
    const label = bilingual(quads, subject, RDFS_LABEL);
    if (label.fr === '' && label.en === '') {
      continue;
    }
    const valid = firstLiteral(quads, subject, [ DCT_VALID ]);
    grants.push({
      label,
      description: bilingual(quads, subject, DCT_DESCRIPTION),
      until: valid === null ? null : valid.replace(/^until\s+/u, ''),
    });
  }
  return grants;
}

/**
 * Reads who else sees the person's Cartable (`<pod>consents/parents`) with the Solid protocol.
 *
 * A missing document (404, 410) means nothing is shared: `{ grants: [] }`.
 *
 * @param fetchFn - An authenticated `fetch` (the owner's session): `consents/` is owner-only.
 * @param storage - The pod root (`Cartable.storage`).
 * @throws {@link FetchError} when the document cannot be read (no response, another non-2xx status,
 *   invalid Turtle).
 */
export async function loadConsents(fetchFn: FetchLike, storage: string): Promise<Consents> {
  const url = new URL(CONSENTS_PATH, asContainer(storage)).href;
  const document = await fetchOptionalRdf(fetchFn, url);
  return { grants: document === null ? [] : readConsents(document.quads) };
}
