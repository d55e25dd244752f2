// IRI rewriting for pod import (docs/move.md, DESIGN §4): Turtle documents and ACLs are parsed with the
// old document URL as base, every absolute IRI under the old pod becomes the same path under the new pod
// and the old WebID becomes the new one, then they are serialised with the new document URL as base (so
// what was relative stays relative). Literals are never touched. Canonical hashes (RDFC-1.0) compare quad
// sets whatever the serialisation.
import { createHash } from 'node:crypto';
import { DataFactory, Parser, Writer } from 'n3';
import rdfCanonize from 'rdf-canonize';

const ACL = 'http://www.w3.org/ns/auth/acl#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const FOAF_AGENT = 'http://xmlns.com/foaf/0.1/Agent';
/** The predicates of an authorization that name who it grants access to. */
const GRANTEES = [ `${ACL}agent`, `${ACL}agentClass`, `${ACL}agentGroup`, `${ACL}origin` ];

/**
 * A function mapping an IRI of the old pod to the new one: the old WebID to the new WebID, IRIs under the
 * old pod root to the same path under the new root, anything else unchanged.
 * @param {{ oldPod: string, newPod: string, oldWebId?: string | null, newWebId?: string | null }} options
 * @returns {(iri: string) => string}
 */
export function iriRewriter({ oldPod, newPod, oldWebId, newWebId }) {
  return (iri) => {
    if (oldWebId && newWebId && iri === oldWebId) {
      return newWebId;
    }
    if (iri.startsWith(oldPod)) {
      return `${newPod}${iri.slice(oldPod.length)}`;
    }
    return iri;
  };
}

/**
 * Parses Turtle into quads with `base` as base IRI.
 * @param {string} turtle
 * @param {string} base
 * @returns {import('n3').Quad[]}
 */
export function parseTurtle(turtle, base) {
  return new Parser({ baseIRI: base, format: 'text/turtle' }).parse(turtle);
}

/**
 * @param {import('n3').Term} term
 * @param {(iri: string) => string} rewrite
 * @returns {any}
 */
function rewriteTerm(term, rewrite) {
  if (term.termType === 'NamedNode') {
    const value = rewrite(term.value);
    return value === term.value ? term : DataFactory.namedNode(value);
  }
  return term;
}

/**
 * The quads with their IRIs rewritten (subjects, predicates, objects, graphs; literals as they are).
 * @param {import('n3').Quad[]} quads
 * @param {(iri: string) => string} rewrite
 * @returns {import('n3').Quad[]}
 */
export function rewriteQuads(quads, rewrite) {
  return quads.map((quad) => DataFactory.quad(rewriteTerm(quad.subject, rewrite), rewriteTerm(quad.predicate, rewrite),
    rewriteTerm(quad.object, rewrite), rewriteTerm(quad.graph, rewrite)));
}

/**
 * Quads as Turtle, IRIs relative to `base` where they can be.
 * @param {import('n3').Quad[]} quads
 * @param {string} base
 * @returns {Promise<string>}
 */
export function writeTurtle(quads, base) {
  const writer = new Writer({ baseIRI: base, format: 'text/turtle' });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => {
    writer.end((error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * The RDFC-1.0 canonical N-Quads of a quad set, and its SHA-256: two isomorphic sets have the same hash.
 * @param {import('n3').Quad[]} quads
 * @returns {Promise<string>}
 */
export async function canonicalHash(quads) {
  const canonical = await rdfCanonize.canonize(quads.map(({ subject, predicate, object, graph }) =>
    ({ subject, predicate, object, graph })), { algorithm: 'RDFC-1.0' });
  return createHash('sha256').update(canonical).digest('hex');
}

const LDP = 'http://www.w3.org/ns/ldp#';
/** Predicates of a description that the server manages itself (it refuses changes to them). */
const SERVER_MANAGED = new Set([ `${LDP}contains`, 'http://purl.org/dc/terms/modified', 'http://www.w3.org/ns/ma-ont#format',
  'http://www.w3.org/ns/posix/stat#mtime', 'http://www.w3.org/ns/posix/stat#size' ]);

/**
 * The metadata people set on a container (e.g. `dct:title`), from its description: triples about the container
 * itself, minus what the server manages (containment, dates, sizes, LDP, storage and media types) and minus triples with
 * blank nodes (they cannot be written back with an N3 Patch insert on every server).
 * @param {import('n3').Quad[]} quads the container's representation
 * @param {string} container URL
 * @returns {import('n3').Quad[]}
 */
export function userMetadata(quads, container) {
  return quads.filter((quad) => quad.subject.value === container && quad.subject.termType === 'NamedNode' &&
    quad.object.termType !== 'BlankNode' && !SERVER_MANAGED.has(quad.predicate.value) &&
    !(quad.predicate.value === RDF_TYPE && (quad.object.value.startsWith(LDP) ||
      quad.object.value === 'http://www.w3.org/ns/pim/space#Storage' ||
      quad.object.value.startsWith('http://www.w3.org/ns/iana/media-types/'))));
}

/**
 * Rewrites a Turtle document read at `oldUrl` for `newUrl`.
 * @param {string} turtle
 * @param {{ oldUrl: string, newUrl: string, rewrite: (iri: string) => string }} options
 * @returns {Promise<{ turtle: string, quads: import('n3').Quad[] }>}
 */
export async function rewriteTurtle(turtle, { oldUrl, newUrl, rewrite }) {
  const quads = rewriteQuads(parseTurtle(turtle, oldUrl), rewrite);
  return { turtle: await writeTurtle(quads, newUrl), quads };
}

/**
 * @typedef {object} DroppedRule
 * @property {string} rule the authorization's IRI (new URL) or blank node label
 * @property {string[]} groups the agentGroup IRIs that cannot be honoured
 * @property {boolean} whole the whole rule was dropped (it granted access to nobody else)
 */

/**
 * Rewrites an ACL document read at `oldUrl` for `newUrl`, like rewriteTurtle, and drops what cannot be
 * honoured on another server: `acl:agentGroup` IRIs on the old server (`oldOrigin`) but outside the old pod
 * (group documents that stay behind). A rule left granting access to nobody is dropped whole.
 * Also says whether the ACL grants public (foaf:Agent) read of `resource` (new URL).
 * With `members` (group IRI → member WebIDs, for `--expand-groups`), such a group is replaced by `acl:agent` of
 * each current member instead (reported in `expanded`).
 * @param {string} turtle
 * @param {{ oldUrl: string, newUrl: string, rewrite: (iri: string) => string, oldOrigin: string, oldPod: string,
 *   resource?: string, members?: Map<string, string[]> }} options
 * @returns {Promise<{ turtle: string, quads: import('n3').Quad[], dropped: DroppedRule[], publicRead: boolean,
 *   expanded: { rule: string, group: string, members: number }[] }>}
 */
export async function rewriteAcl(turtle, { oldUrl, newUrl, rewrite, oldOrigin, oldPod, resource, members }) {
  const parsed = parseTurtle(turtle, oldUrl);
  const lost = (iri) => new URL(iri).origin === oldOrigin && !iri.startsWith(oldPod);
  /** @type {{ rule: string, group: string, members: number }[]} */
  const expanded = [];
  const original = parsed.flatMap((quad) => {
    const found = quad.predicate.value === `${ACL}agentGroup` && quad.object.termType === 'NamedNode' &&
      lost(quad.object.value) ? members?.get(quad.object.value) : undefined;
    if (!found) {
      return [ quad ];
    }
    expanded.push({ rule: quad.subject.termType === 'NamedNode' ? rewrite(quad.subject.value) : `_:${quad.subject.value}`,
      group: quad.object.value, members: found.length });
    return found.map((member) => DataFactory.quad(quad.subject, DataFactory.namedNode(`${ACL}agent`),
      DataFactory.namedNode(member), quad.graph));
  });
  /** @type {Map<string, string[]>} */
  const lostGroups = new Map();
  for (const quad of original) {
    if (quad.predicate.value === `${ACL}agentGroup` && quad.object.termType === 'NamedNode' && lost(quad.object.value)) {
      const key = quad.subject.termType === 'NamedNode' ? quad.subject.value : `_:${quad.subject.value}`;
      lostGroups.set(key, [ ...lostGroups.get(key) ?? [], quad.object.value ]);
    }
  }
  /** @type {DroppedRule[]} */
  const dropped = [];
  const wholeRules = new Set();
  for (const [ key, groups ] of lostGroups) {
    const others = original.filter((quad) => (quad.subject.termType === 'NamedNode' ? quad.subject.value : `_:${quad.subject.value}`) === key &&
      GRANTEES.includes(quad.predicate.value) && !(quad.predicate.value === `${ACL}agentGroup` && groups.includes(quad.object.value)));
    const whole = others.length === 0;
    if (whole) {
      wholeRules.add(key);
    }
    dropped.push({ rule: key.startsWith('_:') ? key : rewrite(key), groups, whole });
  }
  const kept = original.filter((quad) => {
    const key = quad.subject.termType === 'NamedNode' ? quad.subject.value : `_:${quad.subject.value}`;
    if (wholeRules.has(key)) {
      return false;
    }
    return !(lostGroups.get(key)?.includes(quad.object.value) && quad.predicate.value === `${ACL}agentGroup`);
  });
  const quads = rewriteQuads(kept, rewrite);
  return { turtle: await writeTurtle(quads, newUrl), quads, dropped, expanded,
    publicRead: resource ? grantsPublicRead(quads, resource) : false };
}

/**
 * Whether some authorization in `quads` gives foaf:Agent (everyone) Read of `resource` (acl:accessTo).
 * @param {import('n3').Quad[]} quads
 * @param {string} resource
 * @returns {boolean}
 */
export function grantsPublicRead(quads, resource) {
  const rules = new Set(quads.filter((quad) => quad.predicate.value === RDF_TYPE && quad.object.value === `${ACL}Authorization`)
    .map((quad) => quad.subject.value));
  const has = (rule, predicate, object) => quads.some((quad) => quad.subject.value === rule &&
    quad.predicate.value === predicate && quad.object.value === object);
  return [ ...rules ].some((rule) => has(rule, `${ACL}agentClass`, FOAF_AGENT) && has(rule, `${ACL}accessTo`, resource) &&
    (has(rule, `${ACL}mode`, `${ACL}Read`) || has(rule, `${ACL}mode`, `${ACL}Write`)));
}
