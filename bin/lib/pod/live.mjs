// A live pod as the importer's source (bin/lib/pod/import.mjs ResourceSource), for `pod move`: the pod is
// listed first through the Solid protocol (containers by ldp:contains, documents by HEAD: kind, type, size and
// ACL link), so that the target's quota can be checked and progress has totals before anything is written;
// then each resource is read from the source when the importer writes it (binaries streamed, never held in
// memory). Only the listing (one small record per resource) grows with the pod.
import { createHash } from 'node:crypto';
import { Parser } from 'n3';
import { containedResources, linkTargets, mediaType } from './export.mjs';
import { describeFailure, discard } from './http.mjs';
import { relativePath } from './manifest.mjs';
import { drain } from './pool.mjs';
import { userMetadata, writeTurtle } from './rewrite.mjs';

/** The source pod cannot be listed (root unreachable, credentials refused). */
export class SourceError extends Error {}

const VCARD_HAS_MEMBER = 'http://www.w3.org/2006/vcard/ns#hasMember';
const MA_FORMAT = 'http://www.w3.org/ns/ma-ont#format';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const MEDIA_TYPES = 'http://www.w3.org/ns/iana/media-types/';
const POSIX_SIZE = 'http://www.w3.org/ns/posix/stat#size';
/** Media types of RDF that Solid servers (CSS) store and convert to Turtle on request. */
const RDF_TYPES = new Set([ 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/n-quads',
  'text/n3', 'application/trig', 'application/rdf+xml' ]);

/**
 * @typedef {object} LiveResource
 * @property {string} path percent-decoded, relative to the pod root
 * @property {string} url on the source
 * @property {'container' | 'rdf' | 'binary' | 'acl' | 'meta'} kind
 * @property {string} [contentType]
 * @property {number} [size] when the source said (Content-Length)
 * @property {string} [aclOf] for an ACL
 * @property {string} [metaOf] for a folder description
 * @property {string} [turtle] for a folder description: its triples, read with the listing
 */

/**
 * Lists the pod at `pod`: every container, document and possible ACL, breadth-first.
 * @param {object} options
 * @param {string} options.pod the pod root
 * @param {(url: string, init?: any) => Promise<Response>} options.request from podRequester()
 * @param {string | null} [options.webId]
 * @param {number} [options.concurrency]
 * @param {{ listed: number }} [options.progress]
 * @param {Set<string> | null} [options.existingAcls] the paths of the resources that have an ACL, when the source
 *   says (Cartable's move API); otherwise every resource's possible ACL is listed and probed when copied
 * @param {Map<string, number> | null} [options.sizes] document sizes by path, when the source says
 * @returns {Promise<{ source: string, webId: string | null, resources: LiveResource[],
 *   skipped: { url: string, path?: string, reason: string, status?: number }[] }>}
 */
export async function listPod({ pod, request, webId = null, concurrency = 4, progress = { listed: 0 }, existingAcls,
  sizes }) {
  const podUrl = new URL(pod);
  /** @type {LiveResource[]} */
  const resources = [];
  /** @type {{ url: string, path?: string, reason: string, status?: number }[]} */
  const skipped = [];
  const seen = new Set([ pod ]);
  /** @type {{ url: string, path: string }[]} */
  const queue = [];

  /** The ACL of the resource at `path` (at `aclUrl`) may exist: listed, unless the source said which exist. */
  const addAclAt = (aclUrl, url, path) => {
    if (!aclUrl || seen.has(aclUrl) || (existingAcls && !existingAcls.has(path))) {
      return;
    }
    seen.add(aclUrl);
    if (new URL(aclUrl).origin !== podUrl.origin) {
      skipped.push({ url: aclUrl, path: `${path}.acl`, reason: `outside-pod: the ACL of ${url} is on another origin` });
      return;
    }
    resources.push({ path: `${path}.acl`, url: aclUrl, kind: 'acl', aclOf: path, contentType: 'text/turtle' });
  };
  const addAcl = (response, url, path) => addAclAt(linkTargets(response.headers.get('link'), 'acl', url)[0], url, path);

  /**
   * A document as its container's listing describes it: its media type (CSS lists it as a type
   * `…/media-types/<type>#Resource`, or `ma:format`) and size (`posix:size`, or the source's own list), or null
   * when that is not enough (an RDF document needs its type, anything else its size too).
   */
  const fromListing = (quads, child, path) => {
    let contentType;
    let size = sizes?.get(path);
    for (const quad of quads) {
      if (quad.subject.value !== child) {
        continue;
      }
      const value = quad.object.value;
      if (quad.predicate.value === MA_FORMAT) {
        contentType = value;
      } else if (quad.predicate.value === RDF_TYPE && value.startsWith(MEDIA_TYPES) && value.endsWith('#Resource')) {
        contentType ??= value.slice(MEDIA_TYPES.length, -'#Resource'.length);
      } else if (quad.predicate.value === POSIX_SIZE && /^\d+$/u.test(value)) {
        size ??= Number(value);
      }
    }
    return contentType && (size !== undefined || RDF_TYPES.has(mediaType(contentType))) ? { contentType, size } : null;
  };

  /** RDF (in any syntax the server stores) is moved as Turtle, so that its IRIs are rewritten; the rest as bytes. */
  const addDocument = (url, path, contentType, size) => {
    const rdf = RDF_TYPES.has(mediaType(contentType));
    resources.push({ path, url, kind: rdf ? 'rdf' : 'binary', contentType: rdf ? 'text/turtle' : contentType,
      ...size === undefined || rdf ? {} : { size }});
    progress.listed = resources.length;
  };

  const visit = async({ url, path }, root) => {
    const container = path === '' || path.endsWith('/');
    let response;
    try {
      response = await request(url, container ? { headers: { accept: 'text/turtle' }} :
        { method: 'HEAD', headers: { accept: 'text/turtle, */*;q=0.1' }});
    } catch (error) {
      if (root) {
        throw new SourceError(`The source pod ${url} cannot be reached (${describeFailure(error)})`);
      }
      skipped.push({ url, path, reason: describeFailure(error) });
      return;
    }
    if (response.status !== 200) {
      await discard(response);
      if (root) {
        throw new SourceError(`The source pod root ${url} answered HTTP ${response.status}${response.status === 401 ||
          response.status === 403 ? ': the source credentials do not give access to it' : ''}`);
      }
      const location = response.headers.get('location');
      skipped.push({ url, path, reason: `HTTP ${response.status}${location ? ` redirect to ${location}` : ''}`,
        status: response.status });
      return;
    }
    if (container) {
      let children;
      let metadata = [];
      let quads = [];
      try {
        if (mediaType(response.headers.get('content-type')) !== 'text/turtle') {
          throw new Error(`the listing is ${response.headers.get('content-type') ?? 'untyped'}, not Turtle`);
        }
        const text = await response.text();
        children = containedResources(text, url);
        quads = new Parser({ baseIRI: url, format: 'text/turtle' }).parse(text);
        metadata = userMetadata(quads, url);
      } catch (error) {
        if (root) {
          throw new SourceError(`The source pod root ${url} could not be listed: ${error.message}`);
        }
        skipped.push({ url, path, reason: `unreadable listing: ${error.message}` });
        return;
      }
      resources.push({ path, url, kind: 'container' });
      if (metadata.length > 0) {
        // What people set on the folder (its title…), kept with the listing: it is small.
        resources.push({ path: `${path}.meta`, url, kind: 'meta', metaOf: path, contentType: 'text/turtle',
          turtle: await writeTurtle(metadata, url) });
      }
      // A server that names ACLs `<resource>.acl` (CSS, NSS) and describes each document in the listing (CSS:
      // media type and size) needs no request per document: only folders are fetched.
      const suffixAcls = linkTargets(response.headers.get('link'), 'acl', url)[0] === `${url}.acl`;
      for (const child of children) {
        if (seen.has(child)) {
          continue;
        }
        seen.add(child);
        let childPath;
        try {
          childPath = relativePath(podUrl, child);
        } catch (error) {
          skipped.push({ url: child, reason: `${error.reason ?? 'unsafe-path'}: ${error.message}` });
          continue;
        }
        const described = childPath.endsWith('/') || !suffixAcls ? null : fromListing(quads, child, childPath);
        if (described) {
          addDocument(child, childPath, described.contentType, described.size);
          addAclAt(`${child}.acl`, child, childPath);
        } else {
          queue.push({ url: child, path: childPath });
        }
      }
    } else {
      const length = response.headers.get('content-length');
      addDocument(url, path, response.headers.get('content-type') ?? 'application/octet-stream',
        length !== null && /^\d+$/u.test(length) ? Number(length) : undefined);
    }
    addAcl(response, url, path);
    progress.listed = resources.length;
  };

  await visit({ url: pod, path: '' }, true);
  await drain(queue, concurrency, (item) => visit(item, false));
  return { source: pod, webId, resources, skipped };
}

/**
 * The listed pod as the importer's ResourceSource.
 * @param {Awaited<ReturnType<typeof listPod>>} manifest
 * @param {(url: string, init?: any) => Promise<Response>} request from podRequester()
 * @returns {import('./import.mjs').ResourceSource}
 */
export function liveSource(manifest, request) {
  const get = async(url, accept) => {
    const response = await request(url, { headers: { accept }});
    if (response.status === 404) {
      await discard(response);
      return null;
    }
    if (!response.ok) {
      await discard(response);
      throw new Error(`the source answered HTTP ${response.status}`);
    }
    return response;
  };
  return {
    manifest,
    file: null,
    text: async(resource) => {
      if (typeof resource.turtle === 'string') {
        return resource.turtle;
      }
      const response = await get(resource.url, 'text/turtle');
      return response ? response.text() : null;
    },
    open: async(resource) => {
      const response = await request.stream(resource.url, { accept: '*/*' });
      if (response.status < 200 || response.status >= 300) {
        response.body.resume();
        throw new Error(response.status === 404 ? 'it disappeared from the source' : `the source answered HTTP ${response.status}`);
      }
      const length = response.header('content-length');
      return {
        body: response.body,
        ...length !== null && /^\d+$/u.test(length) ? { size: Number(length) } : {},
        cancel: response.cancel,
      };
    },
    sha256: async(resource) => {
      const response = await request.stream(resource.url, { accept: '*/*' });
      if (response.status < 200 || response.status >= 300) {
        response.body.resume();
        throw new Error(`the source answered HTTP ${response.status}`);
      }
      const hash = createHash('sha256');
      for await (const chunk of response.body) {
        hash.update(chunk);
      }
      return hash.digest('hex');
    },
    groupMembers: async(iri) => {
      try {
        const document = new URL(iri);
        document.hash = '';
        const response = await get(document.href, 'text/turtle');
        if (!response) {
          return null;
        }
        const quads = new Parser({ baseIRI: document.href, format: 'text/turtle' }).parse(await response.text());
        return [ ...new Set(quads.filter((quad) => quad.subject.value === iri && quad.predicate.value === VCARD_HAS_MEMBER)
          .map((quad) => quad.object.value)) ];
      } catch {
        return null;
      }
    },
  };
}
