// The archive layout and manifest of a pod export (docs/move.md), and the path safety rules: every
// archive path is a percent-decoded path relative to the pod root that cannot escape it.

export const EXPORT_FORMAT = 'cartable-pod-export';
export const EXPORT_VERSION = 1;
export const ROOT_DIR = 'cartable-export/';
export const POD_DIR = `${ROOT_DIR}pod/`;
export const ACL_DIR = `${ROOT_DIR}acl/`;
export const META_DIR = `${ROOT_DIR}meta/`;
export const MANIFEST_NAME = `${ROOT_DIR}manifest.jsonld`;
export const CARTABLE_NS = 'https://w3id.org/cartable/ns#';

export const MANIFEST_CONTEXT = Object.freeze({
  cartable: CARTABLE_NS,
  dcterms: 'http://purl.org/dc/terms/',
  schema: 'https://schema.org/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  PodExport: 'cartable:PodExport',
  format: 'cartable:exportFormat',
  version: 'cartable:exportVersion',
  source: { '@id': 'dcterms:source', '@type': '@id' },
  webId: { '@id': 'cartable:webId', '@type': '@id' },
  created: { '@id': 'dcterms:created', '@type': 'xsd:dateTime' },
  generator: 'schema:softwareApplication',
  resources: { '@id': 'cartable:resource', '@container': '@list' },
  skipped: { '@id': 'cartable:skipped', '@container': '@set' },
  url: { '@id': 'schema:url', '@type': '@id' },
  path: 'cartable:path',
  entry: 'cartable:archiveEntry',
  kind: 'cartable:kind',
  aclOf: 'cartable:aclOf',
  contentType: 'schema:encodingFormat',
  size: { '@id': 'cartable:size', '@type': 'xsd:integer' },
  sha256: 'cartable:sha256',
  modified: { '@id': 'dcterms:modified', '@type': 'xsd:dateTime' },
  reason: 'cartable:reason',
  status: { '@id': 'cartable:httpStatus', '@type': 'xsd:integer' },
});

/** A resource that cannot be exported safely; `reason` says why. */
export class UnsafePathError extends Error {
  /**
   * @param {string} message
   * @param {string} reason short machine-readable reason: outside-pod, unsafe-path
   */
  constructor(message, reason) {
    super(message);
    this.reason = reason;
  }
}

/**
 * The pod root URL normalised: http(s), no query or fragment, ending with "/".
 * @param {string} pod
 * @returns {URL}
 */
export function normalisePodUrl(pod) {
  const url = new URL(pod);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`not an http(s) URL: ${pod}`);
  }
  if (url.search || url.hash) {
    throw new TypeError(`a pod URL has no query or fragment: ${pod}`);
  }
  if (!url.pathname.endsWith('/')) {
    url.pathname += '/';
  }
  return url;
}

/**
 * The percent-decoded path of `resource` relative to the pod root: "" for the root, "notes/a" for a
 * document, "drive/x/" for a container. Throws UnsafePathError when the URL is outside the pod or the
 * path could escape the archive folder once decoded ("..", ".", "/" or "\" or NUL inside a segment,
 * empty segments).
 * @param {string | URL} podUrl
 * @param {string} resource an absolute URL
 * @returns {string}
 */
export function relativePath(podUrl, resource) {
  const pod = normalisePodUrl(String(podUrl));
  let url;
  try {
    url = new URL(resource);
  } catch {
    throw new UnsafePathError(`not a URL: ${resource}`, 'outside-pod');
  }
  // The WHATWG parser resolves "../" and "%2e%2e/" itself: check the raw text too, so that a listing
  // naming <../other/x> or <%2E%2E/x> can never be mapped back inside the pod.
  if (url.origin !== pod.origin || url.search || url.hash || !resource.startsWith(pod.origin)) {
    throw new UnsafePathError(`outside the pod ${pod.href}: ${resource}`, 'outside-pod');
  }
  for (const segment of resource.slice(pod.origin.length).split(/[?#]/u)[0].split('/')) {
    let text = segment;
    try {
      text = decodeURIComponent(segment);
    } catch {
      // Reported below, on the normalised path.
    }
    if (text === '.' || text === '..') {
      throw new UnsafePathError(`dot segment in ${resource}`, 'unsafe-path');
    }
  }
  if (!url.pathname.startsWith(pod.pathname)) {
    throw new UnsafePathError(`outside the pod ${pod.href}: ${resource}`, 'outside-pod');
  }
  const rest = url.pathname.slice(pod.pathname.length);
  if (rest === '') {
    return '';
  }
  const container = rest.endsWith('/');
  const segments = (container ? rest.slice(0, -1) : rest).split('/');
  const decoded = segments.map((segment) => {
    let text;
    try {
      text = decodeURIComponent(segment);
    } catch {
      throw new UnsafePathError(`bad percent-encoding in ${resource}`, 'unsafe-path');
    }
    // eslint-disable-next-line no-control-regex
    if (text === '' || text === '.' || text === '..' || /[/\\\u0000]/u.test(text)) {
      throw new UnsafePathError(`unsafe path segment ${JSON.stringify(text)} in ${resource}`, 'unsafe-path');
    }
    return text;
  });
  return `${decoded.join('/')}${container ? '/' : ''}`;
}

/**
 * The archive entry name of a resource path.
 * @param {string} path from relativePath()
 * @returns {string}
 */
export function podEntryName(path) {
  return `${POD_DIR}${path}`;
}

/**
 * The archive entry name of the ACL of the resource at `path`: "acl/<path>.acl" ("acl/.acl" for the root,
 * "acl/drive/.acl" for drive/), whatever the ACL's URL on the source server.
 * @param {string} path from relativePath()
 * @returns {string}
 */
export function aclEntryName(path) {
  return `${ACL_DIR}${path}.acl`;
}

/**
 * The archive entry name of the description (metadata set by people, e.g. a folder's dct:title) of the
 * container at `path`: "meta/<path>.meta" ("meta/.meta" for the root).
 * @param {string} path from relativePath()
 * @returns {string}
 */
export function metaEntryName(path) {
  return `${META_DIR}${path}.meta`;
}

/**
 * The manifest document (JSON-LD).
 * @param {{ source: string, webId?: string | null, created: Date, resources: object[], skipped?: object[],
 *   generator?: string }} data
 * @returns {object}
 */
export function buildManifest({ source, webId, created, resources, skipped = [], generator = 'cartable pod export' }) {
  return {
    '@context': MANIFEST_CONTEXT,
    '@type': 'PodExport',
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    source,
    ...webId ? { webId } : {},
    created: created.toISOString(),
    generator,
    resources,
    skipped,
  };
}

/**
 * Checks a parsed manifest against the format rules that a reader relies on; returns the problems found.
 * @param {any} manifest
 * @returns {string[]}
 */
export function checkManifest(manifest) {
  const problems = [];
  if (manifest?.format !== EXPORT_FORMAT) {
    problems.push(`format is ${JSON.stringify(manifest?.format)}, expected ${EXPORT_FORMAT}`);
  }
  if (manifest?.version !== EXPORT_VERSION) {
    problems.push(`version is ${JSON.stringify(manifest?.version)}, expected ${EXPORT_VERSION}`);
  }
  for (const [ index, resource ] of (Array.isArray(manifest?.resources) ? manifest.resources : []).entries()) {
    const where = `resources[${index}]`;
    if (![ 'container', 'rdf', 'binary', 'acl', 'meta' ].includes(resource.kind)) {
      problems.push(`${where}: unknown kind ${JSON.stringify(resource.kind)}`);
    }
    const path = resource.kind === 'acl' ? resource.aclOf : resource.kind === 'meta' ? resource.metaOf : resource.path;
    if (typeof path !== 'string' || path.split('/').some((segment, i, all) =>
      segment === '..' || segment === '.' || (segment === '' && i !== all.length - 1)) || path.includes('\\') ||
      path.startsWith('/')) {
      problems.push(`${where}: unsafe path ${JSON.stringify(path)}`);
    }
    if (resource.kind !== 'container' && !/^[0-9a-f]{64}$/u.test(resource.sha256 ?? '')) {
      problems.push(`${where}: missing or bad sha256`);
    }
  }
  if (!Array.isArray(manifest?.resources)) {
    problems.push('resources is not a list');
  }
  return problems;
}
