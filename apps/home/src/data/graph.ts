import { Parser } from 'n3';
import type { Quad } from 'n3';

/**
 * Pure helpers over the quads of one RDF document: parse Turtle, then look values up by subject and
 * predicate. Deliberately small (no store, no streams) so that the browser bundle carries only n3's parser.
 */

/** Parses Turtle (or N-Triples) into quads, resolving relative IRIs against `baseIri`. Throws on bad syntax. */
export function parseTurtle(text: string, baseIri: string): Quad[] {
  return new Parser({ baseIRI: baseIri }).parse(text);
}

/** IRIs (named nodes) that `subject` points to through `predicates`, without duplicates. */
export function namedNodesOf(quads: readonly Quad[], subject: string, predicates: readonly string[]): string[] {
  const iris = new Set<string>();
  for (const predicate of predicates) {
    for (const quad of quads) {
      if (quad.subject.value === subject && quad.predicate.value === predicate && quad.object.termType === 'NamedNode') {
        iris.add(quad.object.value);
      }
    }
  }
  return [ ...iris ];
}

/** The first IRI that `subject` points to through `predicates` (earlier predicates win), or `null`. */
export function firstNamedNode(quads: readonly Quad[], subject: string, predicates: readonly string[]): string | null {
  return namedNodesOf(quads, subject, predicates)[0] ?? null;
}

/** The first non-empty literal of `subject` through `predicates` (earlier predicates win), trimmed, or `null`. */
export function firstLiteral(quads: readonly Quad[], subject: string, predicates: readonly string[]): string | null {
  for (const predicate of predicates) {
    for (const quad of quads) {
      if (quad.subject.value === subject && quad.predicate.value === predicate &&
        quad.object.termType === 'Literal' && quad.object.value.trim() !== '') {
        return quad.object.value.trim();
      }
    }
  }
  return null;
}

/** Whether `subject` has one of `classes` as `rdf:type` (any spelling listed in `typePredicates`). */
export function hasType(quads: readonly Quad[], subject: string, typePredicates: readonly string[],
  classes: readonly string[]): boolean {
  return namedNodesOf(quads, subject, typePredicates).some((type): boolean => classes.includes(type));
}
