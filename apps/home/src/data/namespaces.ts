/**
 * IRIs of the RDF terms the home app reads.
 *
 * Kept as plain strings (no RDF library objects) so that these pure modules stay cheap to import from the
 * apps, the CLI and the Node unit tests.
 */

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const PIM_NS = 'http://www.w3.org/ns/pim/space#';
const SOLID_NS = 'http://www.w3.org/ns/solid/terms#';
const LDP_NS = 'http://www.w3.org/ns/ldp#';
const FOAF_NS = 'http://xmlns.com/foaf/0.1/';
const VCARD_NS = 'http://www.w3.org/2006/vcard/ns#';

/** The Cartable vocabulary (terms no reused vocabulary covers, see vocab/). */
export const CARTABLE_NS = 'https://w3id.org/cartable/ns#';

/**
 * schema.org is written with either scheme in the wild (`http:` is the canonical one for RDF, `https:` is
 * what schema.org itself now prints), so readers accept both.
 */
export const SCHEMA_NAMESPACES = [ 'http://schema.org/', 'https://schema.org/' ] as const;

/** One schema.org term in both of its spellings. */
function schema(local: string): readonly string[] {
  return SCHEMA_NAMESPACES.map((ns): string => `${ns}${local}`);
}

/** Predicates and classes, each as the list of IRIs that mean it (first one preferred). */
export const TERMS = {
  type: [ `${RDF}type` ],
  seeAlso: [ `${RDFS}seeAlso` ],
  /** The storage (pod root): `pim:storage` first, then `solid:storage`. */
  storage: [ `${PIM_NS}storage`, `${SOLID_NS}storage` ],
  preferencesFile: [ `${PIM_NS}preferencesFile` ],
  inbox: [ `${LDP_NS}inbox` ],
  oidcIssuer: [ `${SOLID_NS}oidcIssuer` ],
  publicTypeIndex: [ `${SOLID_NS}publicTypeIndex` ],
  privateTypeIndex: [ `${SOLID_NS}privateTypeIndex` ],
  /** A person's display name: `foaf:name`, then `vcard:fn`. */
  personName: [ `${FOAF_NS}name`, `${VCARD_NS}fn` ],
  memberOf: schema('memberOf'),
  name: schema('name'),
  role: [ `${CARTABLE_NS}role` ],
  /** Classes that make a `schema:memberOf` target a school rather than a class or group. */
  schoolClasses: [
    ...schema('School'),
    ...schema('EducationalOrganization'),
    ...schema('MiddleSchool'),
    ...schema('HighSchool'),
    ...schema('ElementarySchool'),
    ...schema('CollegeOrUniversity'),
  ],
  /** Classes that mark a `schema:memberOf` target as a school class, when the data says so. */
  schoolClass: [ `${CARTABLE_NS}SchoolClass`, `${CARTABLE_NS}Class` ],
} as const;
