/**
 * Tiny helpers to write Turtle safely from code (pod templates, seeded documents).
 * Values are always escaped, so a pupil's name can never inject triples.
 */

/** Escapes a string for use inside a double-quoted Turtle literal. */
export function turtleString(value: string): string {
  return `"${value
    .replace(/\\/gu, '\\\\')
    .replace(/"/gu, '\\"')
    .replace(/\n/gu, '\\n')
    .replace(/\r/gu, '\\r')
    .replace(/\t/gu, '\\t')}"`;
}

/** Writes an IRI reference, refusing characters that are not allowed in one. */
export function turtleIri(iri: string): string {
  if (/[\u0000-\u0020<>"{}|^`\\]/u.test(iri)) {
    throw new Error(`Refusing to write an IRI with forbidden characters: ${JSON.stringify(iri)}`);
  }
  return `<${iri}>`;
}

/** Common prefixes used by Cartable's generated documents. */
export const PREFIXES: Readonly<Record<string, string>> = {
  acl: 'http://www.w3.org/ns/auth/acl#',
  cartable: 'https://w3id.org/cartable/ns#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  ldp: 'http://www.w3.org/ns/ldp#',
  pim: 'http://www.w3.org/ns/pim/space#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  schema: 'http://schema.org/',
  solid: 'http://www.w3.org/ns/solid/terms#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
};

/** The `@prefix` lines for the given prefix names. */
export function prefixLines(...names: string[]): string {
  return names.map((name): string => `@prefix ${name}: <${PREFIXES[name]}>.\n`).join('');
}
