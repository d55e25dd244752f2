// A live pod as the importer's source (bin/lib/pod/import.mjs ResourceSource), for `pod move`: the pod is
// listed first through the Solid protocol (containers by ldp:contains, documents by HEAD: kind, type, size and
// ACL link), so that the target's quota can be checked and progress has totals before anything is written;
// then each resource is read from the source when the importer writes it (binaries streamed, never held in
// memory). Only the listing (one small record per resource) grows with the pod.
import { createHash } from 'node:crypto';
import { Parser } from 'n3';
import { containedResources, linkTargets } from './export.mjs';
import { relativePath } from './manifest.mjs';
import { drain } from './pool.mjs';
import { userMetadata, writeTurtle } from './rewrite.mjs';

/** The source pod cannot be listed (root unreachable, credentials refused). */
export class SourceError extends Error {}

const VCARD_HAS_MEMBER = 'http://www.w3.org/2006/vcard/ns#hasMember';

/**
 * @param {string | null} contentType
 * @returns {string}
 */
function mediaType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Requests to one pod: its credentials (only ever sent to its origin), a timeout per answer and per pause in a
 * body, one retry on network errors and 502/503/504, one token renewal on 401.
 * @param {{ pod: string, authorization?: (() => Promise<string>) | null, renewAuthorization?: (() => Promise<string>) | null,
 *   timeoutMs?: number, fetch?: typeof fetch }} options
 * @returns {(url: string, init?: RequestInit & { headers?: Record<string, string> }) => Promise<Response>}
 */
export function podRequester(options) {
  const origin = new URL(options.pod).origin;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  return async(url, init = {}) => {
    let renewed = false;
    for (let attempt = 0; ; attempt += 1) {
      /** @type {Record<string, string>} */
      const headers = { 'accept-encoding': 'identity', ...init.headers };
      if (options.authorization && new URL(url).origin === origin) {
        headers.authorization = renewed && options.renewAuthorization ? await options.renewAuthorization() :
          await options.authorization();
      }
      // The timeout covers the wait for the answer; a body is read at the pace of whoever consumes it (the
      // target's upload, which has its own timeout).
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let response;
      try {
        response = await doFetch(url, { ...init, headers, redirect: 'manual', signal: controller.signal });
      } catch (error) {
        if (attempt === 0 && !controller.signal.aborted) {
          continue;
        }
        throw new Error(controller.signal.aborted ? `timeout: no answer within ${timeoutMs / 1000} s` :
          `network error: ${error?.cause?.code ?? error?.message}`);
      } finally {
        clearTimeout(timer);
      }
      if ((response.status === 401 && headers.authorization && !renewed && options.renewAuthorization) ||
        ([ 502, 503, 504 ].includes(response.status) && attempt === 0)) {
        await response.body?.cancel();
        renewed ||= response.status === 401;
        continue;
      }
      return response;
    }
  };
}

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
 * @returns {Promise<{ source: string, webId: string | null, resources: LiveResource[],
 *   skipped: { url: string, path?: string, reason: string, status?: number }[] }>}
 */
export async function listPod({ pod, request, webId = null, concurrency = 4, progress = { listed: 0 }}) {
  const podUrl = new URL(pod);
  /** @type {LiveResource[]} */
  const resources = [];
  /** @type {{ url: string, path?: string, reason: string, status?: number }[]} */
  const skipped = [];
  const seen = new Set([ pod ]);
  /** @type {{ url: string, path: string }[]} */
  const queue = [];

  const addAcl = (response, url, path) => {
    const [ aclUrl ] = linkTargets(response.headers.get('link'), 'acl', url);
    if (!aclUrl || seen.has(aclUrl)) {
      return;
    }
    seen.add(aclUrl);
    if (new URL(aclUrl).origin !== podUrl.origin) {
      skipped.push({ url: aclUrl, path: `${path}.acl`, reason: `outside-pod: the ACL of ${url} is on another origin` });
      return;
    }
    resources.push({ path: `${path}.acl`, url: aclUrl, kind: 'acl', aclOf: path, contentType: 'text/turtle' });
  };

  const visit = async({ url, path }, root) => {
    const container = path === '' || path.endsWith('/');
    let response;
    try {
      response = await request(url, container ? { headers: { accept: 'text/turtle' }} :
        { method: 'HEAD', headers: { accept: 'text/turtle, */*;q=0.1' }});
    } catch (error) {
      if (root) {
        throw new SourceError(`The source pod ${url} cannot be reached (${error.message})`);
      }
      skipped.push({ url, path, reason: error.message });
      return;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
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
      try {
        if (mediaType(response.headers.get('content-type')) !== 'text/turtle') {
          throw new Error(`the listing is ${response.headers.get('content-type') ?? 'untyped'}, not Turtle`);
        }
        const text = await response.text();
        children = containedResources(text, url);
        metadata = userMetadata(new Parser({ baseIRI: url, format: 'text/turtle' }).parse(text), url);
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
      for (const child of children) {
        if (seen.has(child)) {
          continue;
        }
        seen.add(child);
        try {
          queue.push({ url: child, path: relativePath(podUrl, child) });
        } catch (error) {
          skipped.push({ url: child, reason: `${error.reason ?? 'unsafe-path'}: ${error.message}` });
        }
      }
    } else {
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      const length = response.headers.get('content-length');
      resources.push({ path, url, kind: mediaType(contentType) === 'text/turtle' ? 'rdf' : 'binary', contentType,
        ...length !== null && /^\d+$/u.test(length) ? { size: Number(length) } : {}});
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
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
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
      const response = await get(resource.url, '*/*');
      if (!response) {
        throw new Error('it disappeared from the source');
      }
      const length = response.headers.get('content-length');
      return {
        body: /** @type {AsyncIterable<Uint8Array>} */ (response.body ?? []),
        ...length !== null && /^\d+$/u.test(length) ? { size: Number(length) } : {},
        cancel: () => {
          response.body?.cancel().catch(() => undefined);
        },
      };
    },
    sha256: async(resource) => {
      const response = await get(resource.url, '*/*');
      const hash = createHash('sha256');
      for await (const chunk of response?.body ?? []) {
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
