// Pod export through the Solid protocol alone (docs/move.md): walks the pod breadth-first from its root
// by ldp:contains, fetches every resource once (RDF as Turtle, anything else as stored bytes) and its
// ACL when there is one, and streams them into a tar archive with a JSON-LD manifest written last.
// Bodies are never held in memory: they go straight into the archive when the server announces their
// length, and through a temporary file otherwise; SHA-256 is computed on the way.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser } from 'n3';
import { MANIFEST_NAME, UnsafePathError, aclEntryName, buildManifest, metaEntryName, normalisePodUrl, podEntryName,
  relativePath } from './manifest.mjs';
import { userMetadata, writeTurtle } from './rewrite.mjs';
import { TimeoutError, describeFailure, discard, podRequester } from './http.mjs';
import { drain } from './pool.mjs';
import { TarWriter } from './tar.mjs';

const LDP_CONTAINS = 'http://www.w3.org/ns/ldp#contains';
/** Turtle for RDF sources; any other resource as stored. */
const ACCEPT = 'text/turtle, */*;q=0.1';

/** The export cannot go on (pod unreachable, root unreadable, archive unwritable). */
export class ExportError extends Error {}

/**
 * The targets of the Link header relations named `rel`, resolved against `base`.
 * @param {string | null} header
 * @param {string} rel
 * @param {string} base
 * @returns {string[]}
 */
export function linkTargets(header, rel, base) {
  if (!header) {
    return [];
  }
  const targets = [];
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/gu)) {
    const rels = [ ...match[2].matchAll(/rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/giu) ]
      .flatMap((found) => (found[1] ?? found[2]).split(/\s+/u));
    if (rels.includes(rel)) {
      try {
        targets.push(new URL(match[1], base).href);
      } catch {
        // Not a URL: ignored.
      }
    }
  }
  return targets;
}

/**
 * The container's children named by `<container> ldp:contains <child>` in its Turtle description.
 * @param {string} turtle
 * @param {string} container URL
 * @returns {string[]}
 */
export function containedResources(turtle, container) {
  const quads = new Parser({ baseIRI: container, format: 'text/turtle' }).parse(turtle);
  return [ ...new Set(quads
    .filter((quad) => quad.subject.value === container && quad.predicate.value === LDP_CONTAINS &&
      quad.object.termType === 'NamedNode')
    .map((quad) => quad.object.value)) ].sort();
}

/**
 * @param {string | null} contentType
 * @returns {string}
 */
export function mediaType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * @typedef {object} Skipped
 * @property {string} url
 * @property {string} [path]
 * @property {string} reason
 * @property {number} [status]
 */

/**
 * @typedef {object} ExportReport
 * @property {string} pod
 * @property {string | null} webId
 * @property {{ containers: number, rdf: number, binary: number, acl: number, meta: number }} counts
 * @property {number} resources resources exported (containers, documents and ACLs)
 * @property {number} bytes bytes of exported bodies
 * @property {number} archiveBytes size of the archive
 * @property {Skipped[]} skipped
 * @property {number} durationMs
 * @property {boolean} complete nothing was skipped
 */

/**
 * Exports the pod at `pod` into a tar archive written to `output`.
 * @param {object} options
 * @param {string} options.pod the pod root URL
 * @param {import('node:stream').Writable} options.output where the archive goes (ended when done)
 * @param {(() => Promise<string>) | null} [options.authorization] the Authorization header, or null for
 *   anonymous access
 * @param {(() => Promise<string>) | null} [options.renewAuthorization] a fresh header after a 401
 * @param {string | null} [options.webId] recorded in the manifest
 * @param {number} [options.concurrency] requests at a time (default 4)
 * @param {number} [options.timeoutMs] how long to wait for a response or, during a body, for the next
 *   bytes (default 30 s)
 * @param {typeof fetch} [options.fetch]
 * @param {{ resources: number, bytes: number, queued: number }} [options.progress] kept up to date while the
 *   export runs (bytes count as they stream), for progress displays
 * @param {() => Date} [options.now]
 * @returns {Promise<ExportReport>}
 */
export async function exportPod(options) {
  const started = Date.now();
  const podUrl = normalisePodUrl(options.pod);
  const pod = podUrl.href;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  const created = options.now?.() ?? new Date();
  const tar = new TarWriter(options.output);
  /** @type {object[]} */
  const resources = [];
  /** @type {Skipped[]} */
  const skipped = [];
  const counts = { containers: 0, rdf: 0, binary: 0, acl: 0, meta: 0 };
  let bytes = 0;
  /** URLs already queued or fetched: each resource is fetched once. */
  const seen = new Set([ pod ]);
  /** @type {{ url: string, path: string }[]} */
  const queue = [];
  let spoolDir = null;
  let spoolCount = 0;

  // The archive takes one entry at a time; fetches run in parallel and wait here with their bodies unread
  // (TCP backpressure holds the bytes on the server side).
  let tarTail = Promise.resolve();
  /**
   * @template T
   * @param {() => Promise<T>} write
   * @returns {Promise<T>}
   */
  const withTar = (write) => {
    const result = tarTail.then(write);
    tarTail = result.then(() => undefined, () => undefined);
    return result;
  };

  const stats = options.progress ?? { resources: 0, bytes: 0, queued: 0 };
  const progress = () => {
    stats.resources = resources.length;
    stats.queued = queue.length;
  };

  // GETs with the pod's credentials (never sent to another origin), a timeout for the answer and for each pause
  // in a body (counted only while the body is read: it may wait for its turn at the archive), one retry on
  // network errors and 502/503/504, one token renewal on 401.
  const requester = podRequester({ pod, authorization: options.authorization,
    renewAuthorization: options.renewAuthorization, timeoutMs, fetch: doFetch });
  /**
   * @param {string} url
   * @param {string} accept
   * @returns {Promise<{ response: Response, chunks: () => AsyncGenerator<Uint8Array> }>}
   */
  const get = async(url, accept) => {
    const response = await requester(url, { headers: { accept }});
    const chunks = async function* chunks() {
      for await (const chunk of response.body ?? []) {
        stats.bytes += chunk.length;
        yield chunk;
      }
    };
    return { response, chunks };
  };

  /**
   * @param {string} url
   * @param {string | undefined} path
   * @param {unknown} error
   * @param {number} [status]
   */
  const skip = (url, path, error, status) => {
    const reason = status ? `HTTP ${status}${error ? ` ${error}` : ''}` :
      error instanceof UnsafePathError ? `${error.reason}: ${error.message}` : describeFailure(error);
    skipped.push({ url, ...path === undefined ? {} : { path }, reason, ...status ? { status } : {}});
  };

  /**
   * Writes one document body into the archive and returns its size and SHA-256.
   * @param {string} name archive entry name
   * @param {{ response: Response, chunks: () => AsyncGenerator<Uint8Array> }} got
   * @param {Date | undefined} mtime
   * @returns {Promise<{ size: number, sha256: string }>}
   */
  const writeBody = async(name, got, mtime) => {
    const hash = createHash('sha256');
    const length = got.response.headers.get('content-length');
    if (length !== null && /^\d+$/u.test(length) && !got.response.headers.get('content-encoding')) {
      const size = Number(length);
      await withTar(() => tar.addFile(name, size, got.chunks(), { mtime, onChunk: (chunk) => hash.update(chunk) }));
      return { size, sha256: hash.digest('hex') };
    }
    // Unknown length: spool to a temporary file first (tar headers need the size).
    spoolDir ??= await mkdtemp(join(tmpdir(), 'cartable-export-'));
    spoolCount += 1;
    const file = join(spoolDir, String(spoolCount));
    try {
      await pipeline(Readable.from((async function* hashed() {
        for await (const chunk of got.chunks()) {
          hash.update(chunk);
          yield chunk;
        }
      })()), createWriteStream(file));
      const { size } = await stat(file);
      await withTar(() => tar.addFile(name, size, createReadStream(file), { mtime }));
      return { size, sha256: hash.digest('hex') };
    } finally {
      await rm(file, { force: true });
    }
  };

  /**
   * The last modification date of a response, if it says.
   * @param {Response} response
   * @returns {Date | undefined}
   */
  const lastModified = (response) => {
    const value = response.headers.get('last-modified');
    const date = value ? new Date(value) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  };

  /**
   * Exports the ACL of the resource at `path`, if it has one that we may read.
   * @param {Response} response the resource's response (for its Link header)
   * @param {string} url
   * @param {string} path
   */
  const exportAcl = async(response, url, path) => {
    const [ aclUrl ] = linkTargets(response.headers.get('link'), 'acl', url);
    if (!aclUrl || seen.has(aclUrl)) {
      return;
    }
    seen.add(aclUrl);
    if (new URL(aclUrl).origin !== podUrl.origin) {
      skip(aclUrl, `${path}.acl`, new UnsafePathError(`the ACL of ${url} is on another origin`, 'outside-pod'));
      return;
    }
    let got;
    try {
      got = await get(aclUrl, 'text/turtle');
    } catch (error) {
      skip(aclUrl, `${path}.acl`, error);
      return;
    }
    if (got.response.status === 404) {
      await discard(got.response);
      return;
    }
    if (got.response.status !== 200) {
      await discard(got.response);
      skip(aclUrl, `${path}.acl`, got.response.status === 403 || got.response.status === 401 ?
        '(reading an ACL needs Control access)' : '', got.response.status);
      return;
    }
    const entry = aclEntryName(path);
    try {
      const mtime = lastModified(got.response);
      const { size, sha256 } = await writeBody(entry, got, mtime);
      resources.push({ path: `${path}.acl`, entry, kind: 'acl', aclOf: path,
        contentType: got.response.headers.get('content-type') ?? 'text/turtle', size, sha256,
        ...mtime ? { modified: mtime.toISOString() } : {}});
      counts.acl += 1;
      bytes += size;
    } catch (error) {
      skip(aclUrl, `${path}.acl`, error);
    }
  };

  /**
   * Fetches and exports one resource; containers queue their children.
   * @param {{ url: string, path: string }} item
   * @param {boolean} root failures are fatal for the root
   */
  const exportResource = async({ url, path }, root) => {
    let got;
    try {
      got = await get(url, ACCEPT);
    } catch (error) {
      if (root) {
        throw new ExportError(`The pod at ${url} cannot be reached (${describeFailure(error)})`);
      }
      skip(url, path, error);
      return;
    }
    const { response } = got;
    if (response.status !== 200) {
      await discard(response);
      if (root) {
        const hint = response.status === 401 || response.status === 403 ?
          ': the pod is not public; give --client-id and --client-secret of its owner' :
          response.status >= 300 && response.status < 400 ? ` to ${response.headers.get('location')}` : '';
        throw new ExportError(`The pod root ${url} answered HTTP ${response.status}${hint}`);
      }
      const location = response.headers.get('location');
      skip(url, path, location ? `redirect to ${location}` : '', response.status);
      return;
    }
    const contentType = response.headers.get('content-type');
    if (path === '' || path.endsWith('/')) {
      let children;
      let metadata = [];
      try {
        if (mediaType(contentType) !== 'text/turtle') {
          throw new Error(`the listing is ${contentType ?? 'untyped'}, not Turtle`);
        }
        let text = '';
        const decoder = new TextDecoder();
        for await (const chunk of got.chunks()) {
          text += decoder.decode(chunk, { stream: true });
        }
        text += decoder.decode();
        children = containedResources(text, url);
        metadata = userMetadata(new Parser({ baseIRI: url, format: 'text/turtle' }).parse(text), url);
      } catch (error) {
        if (root) {
          throw new ExportError(`The pod root ${url} could not be listed: ${error.message}`);
        }
        skip(url, path, error instanceof TimeoutError ? error : new Error(`unreadable listing: ${error.message}`));
        return;
      }
      for (const child of children) {
        if (seen.has(child)) {
          continue;
        }
        seen.add(child);
        try {
          queue.push({ url: child, path: relativePath(podUrl, child) });
        } catch (error) {
          skip(child, undefined, error);
        }
      }
      if (children.length === 0) {
        await withTar(() => tar.addDirectory(podEntryName(path), lastModified(response)));
      }
      const mtime = lastModified(response);
      resources.push({ path, entry: podEntryName(path), kind: 'container', ...mtime ? { modified: mtime.toISOString() } : {}});
      counts.containers += 1;
      if (metadata.length > 0) {
        // What people set on the container (a folder's title…), relative to the container.
        const body = Buffer.from(await writeTurtle(metadata, url));
        const entry = metaEntryName(path);
        const sha256 = createHash('sha256').update(body).digest('hex');
        await withTar(() => tar.addFile(entry, body.length, [ body ], { mtime }));
        resources.push({ path: `${path}.meta`, entry, kind: 'meta', metaOf: path, contentType: 'text/turtle',
          size: body.length, sha256 });
        counts.meta += 1;
        bytes += body.length;
      }
    } else {
      const kind = mediaType(contentType) === 'text/turtle' ? 'rdf' : 'binary';
      const entry = podEntryName(path);
      const mtime = lastModified(response);
      try {
        const { size, sha256 } = await writeBody(entry, got, mtime);
        resources.push({ path, entry, kind, contentType: contentType ?? 'application/octet-stream', size, sha256,
          ...mtime ? { modified: mtime.toISOString() } : {}});
        counts[kind] += 1;
        bytes += size;
      } catch (error) {
        skip(url, path, error);
        return;
      }
    }
    await exportAcl(response, url, path);
    progress();
  };

  try {
    await exportResource({ url: pod, path: '' }, true);
    // Breadth-first with at most `concurrency` resources in flight.
    await drain(queue, concurrency, (item) => exportResource(item, false));
    const manifest = Buffer.from(`${JSON.stringify(buildManifest({
      source: pod, webId: options.webId ?? null, created, resources, skipped,
    }), null, 1)}\n`);
    await withTar(() => tar.addFile(MANIFEST_NAME, manifest.length, [ manifest ], { mtime: created }));
    await withTar(() => tar.finish());
  } finally {
    if (spoolDir) {
      await rm(spoolDir, { recursive: true, force: true });
    }
  }
  return {
    pod,
    webId: options.webId ?? null,
    counts,
    resources: resources.length,
    bytes,
    archiveBytes: tar.bytes,
    skipped,
    durationMs: Date.now() - started,
    complete: skipped.length === 0,
  };
}
