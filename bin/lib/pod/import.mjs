// Pod import through the Solid protocol alone (docs/move.md, DESIGN §4): checks the whole export archive
// first (tar, manifest, every entry's size and SHA-256, path safety), then writes its documents into the
// target pod with absolute IRIs rewritten (old pod → new pod, old WebID → new WebID), the ACLs last
// (deepest first, the root's at the very end), never the target's own WebID profile, and verifies every
// write by reading it back (SHA-256 for bytes, RDFC-1.0 canonical hash for RDF). Resources already
// identical on the target are left alone ("already there"), so an interrupted import can be run again.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { MANIFEST_NAME, ROOT_DIR, aclEntryName, checkManifest, metaEntryName, normalisePodUrl, podEntryName } from './manifest.mjs';
import { canonicalHash, grantsPublicRead, iriRewriter, parseTurtle, rewriteAcl, rewriteQuads, rewriteTurtle,
  userMetadata } from './rewrite.mjs';
import { Writer } from 'n3';
import { TarFormatError, indexTar, readEntry } from './tar-index.mjs';
import { linkTargets } from './export.mjs';
import { describeFailure, discard, podRequester, streamRequest } from './http.mjs';

/** The import cannot be done (archive invalid, target unreachable or refusing us); exit code 1. */
export class ImportError extends Error {}

/** The archive is invalid; the message names the entry. */
export class ArchiveError extends ImportError {}

export const PROFILE_SKIP_REASON = 'target keeps its own WebID profile';

/** Files from this size on are copied one at a time. */
const LARGE_FILE = 4 * 1024 * 1024;

/**
 * The document URL of an IRI (without its fragment).
 * @param {string} iri
 * @returns {string}
 */
function documentOf(iri) {
  const url = new URL(iri);
  url.hash = '';
  return url.href;
}

/**
 * The URL of `path` under `pod`: each segment percent-encoded.
 * @param {string} pod ending with "/"
 * @param {string} path percent-decoded, relative
 * @returns {string}
 */
export function urlOfPath(pod, path) {
  return `${pod}${path.split('/').map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/**
 * Whether an archive entry name could escape the extraction folder or the archive's own folder.
 * @param {string} name
 * @returns {boolean}
 */
export function unsafeEntryName(name) {
  const segments = name.split('/');
  // eslint-disable-next-line no-control-regex
  return name.startsWith('/') || /^[a-z]:/iu.test(name) || name.includes('\\') || /\u0000/u.test(name) ||
    !name.startsWith(ROOT_DIR) || segments.some((segment) => segment === '..' || segment === '.');
}

/**
 * @typedef {object} ValidArchive
 * @property {string} file
 * @property {any} manifest
 * @property {Map<string, import('./tar-index.mjs').IndexedEntry>} entries by name
 */

/**
 * Checks the archive whole before anything is written: a readable tar, a valid manifest, every manifest
 * entry present with its size and SHA-256, no unsafe path. Throws ArchiveError naming the entry.
 * @param {string} file
 * @returns {Promise<ValidArchive>}
 */
export async function validateArchive(file) {
  let indexed;
  try {
    indexed = await indexTar(file);
  } catch (error) {
    if (error instanceof TarFormatError) {
      throw new ArchiveError(`Invalid archive ${file}: ${error.message}`);
    }
    throw new ArchiveError(`Cannot read the archive ${file}: ${error.code ?? error.message}`);
  }
  /** @type {Map<string, import('./tar-index.mjs').IndexedEntry>} */
  const entries = new Map();
  for (const entry of indexed) {
    if (unsafeEntryName(entry.name)) {
      throw new ArchiveError(`Invalid archive ${file}: unsafe entry name ${JSON.stringify(entry.name)}`);
    }
    entries.set(entry.name, entry);
  }
  const manifestEntry = entries.get(MANIFEST_NAME);
  if (!manifestEntry) {
    throw new ArchiveError(`Invalid archive ${file}: no manifest (${MANIFEST_NAME}); is it a Cartable pod export?`);
  }
  let manifest;
  try {
    manifest = JSON.parse((await readEntry(file, manifestEntry)).toString('utf8'));
  } catch (error) {
    throw new ArchiveError(`Invalid archive ${file}: ${MANIFEST_NAME} is not JSON (${error.message})`);
  }
  const problems = checkManifest(manifest).map((problem) => {
    const index = /^resources\[(\d+)\]/u.exec(problem)?.[1];
    const entry = index === undefined ? undefined : manifest.resources[Number(index)]?.entry;
    return entry ? `${problem} (entry ${entry})` : problem;
  });
  try {
    if (normalisePodUrl(String(manifest?.source)).href !== manifest.source) {
      problems.push(`source ${JSON.stringify(manifest.source)} is not a pod root URL`);
    }
  } catch {
    problems.push(`source ${JSON.stringify(manifest?.source)} is not a URL`);
  }
  if (manifest?.webId !== undefined) {
    try {
      new URL(manifest.webId);
    } catch {
      problems.push(`webId ${JSON.stringify(manifest.webId)} is not a URL`);
    }
  }
  if (problems.length > 0) {
    throw new ArchiveError(`Invalid archive ${file}: the manifest is not valid: ${problems.join('; ')}`);
  }
  for (const resource of manifest.resources) {
    const expected = resource.kind === 'acl' ? aclEntryName(resource.aclOf) :
      resource.kind === 'meta' ? metaEntryName(resource.metaOf) : podEntryName(resource.path);
    if (resource.entry !== expected || (resource.kind === 'acl' && resource.path !== `${resource.aclOf}.acl`) ||
      (resource.kind === 'meta' && (resource.path !== `${resource.metaOf}.meta` ||
        !(resource.metaOf === '' || resource.metaOf.endsWith('/'))))) {
      throw new ArchiveError(`Invalid archive ${file}: the manifest names the entry ${JSON.stringify(resource.entry)} for ` +
        `${JSON.stringify(resource.path)}, expected ${expected}`);
    }
    if ((resource.kind === 'container') !== (resource.path === '' || resource.path.endsWith('/'))) {
      throw new ArchiveError(`Invalid archive ${file}: entry ${resource.entry}: a ${resource.kind} cannot have the path ` +
        `${JSON.stringify(resource.path)}`);
    }
    if (resource.kind === 'container') {
      continue;
    }
    const entry = entries.get(resource.entry);
    if (!entry || entry.type !== '0') {
      throw new ArchiveError(`Invalid archive ${file}: the entry ${resource.entry} listed in the manifest is missing`);
    }
    if (entry.size !== resource.size) {
      throw new ArchiveError(`Invalid archive ${file}: the entry ${resource.entry} has ${entry.size} bytes, ` +
        `the manifest says ${resource.size}`);
    }
    if (entry.sha256 !== resource.sha256) {
      throw new ArchiveError(`Invalid archive ${file}: the entry ${resource.entry} is corrupted (SHA-256 ${entry.sha256}, ` +
        `the manifest says ${resource.sha256})`);
    }
  }
  return { file, manifest, entries };
}

/**
 * @typedef {object} ResourceSource where the importer reads what it writes: an archive or a live pod
 * @property {any} manifest `{ source, webId, resources, skipped }` as in an export manifest (`size` and `sha256`
 *   may be missing for a live pod)
 * @property {string | null} file the archive, if the source is one
 * @property {(resource: any) => Promise<string | null>} text the Turtle of an RDF document or ACL (null: it is gone)
 * @property {(resource: any) => Promise<{ body: AsyncIterable<Uint8Array>, size?: number, cancel: () => void }>} open
 *   the bytes of a binary, streamed
 * @property {(resource: any) => Promise<string>} sha256 the SHA-256 of a binary's bytes
 * @property {(iri: string) => Promise<string[] | null>} [groupMembers] the members of a group on the source server
 *   (for `expandGroups`), null when it cannot be read
 */

/**
 * The archive as a ResourceSource: entries are read from the file, binaries streamed from their offset.
 * @param {ValidArchive} archive
 * @returns {ResourceSource}
 */
export function archiveSource({ file, manifest, entries }) {
  return {
    manifest,
    file,
    text: async(resource) => (await readEntry(file, entries.get(resource.entry))).toString('utf8'),
    open: async(resource) => {
      const entry = entries.get(resource.entry);
      const stream = entry.size === 0 ? Readable.from([]) : createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1 });
      return { body: stream, size: entry.size, cancel: () => stream.destroy?.() };
    },
    sha256: async(resource) => resource.sha256,
  };
}

/**
 * @typedef {object} ImportItem
 * @property {string} path
 * @property {string} url on the target (or on the source, for the old profile)
 * @property {string} reason
 * @property {boolean} [expected] a skip that is part of the rules (the WebID profile), not a problem
 */

/**
 * @typedef {object} ImportReport
 * @property {string} archive
 * @property {string} source the old pod
 * @property {string} target the new pod
 * @property {string | null} oldWebId
 * @property {string} webId the new WebID
 * @property {number} moved resources written and verified
 * @property {number} alreadyThere resources already identical on the target
 * @property {string[]} movedPaths
 * @property {string[]} alreadyTherePaths
 * @property {ImportItem[]} skipped
 * @property {ImportItem[]} failed
 * @property {string[]} notices what was changed on purpose (root made private, rules dropped)
 * @property {number} bytes bytes written
 * @property {number} durationMs
 * @property {boolean} complete nothing failed, nothing skipped but the WebID profile
 */

class RequestFailure extends Error {}

/**
 * The current members of the source server's groups named by `acl:agentGroup` in an ACL (groups inside the
 * old pod move with it and are left alone).
 * @param {string} turtle
 * @param {string} base
 * @param {string} oldOrigin
 * @param {string} oldPod
 * @param {(iri: string) => Promise<string[] | null>} read
 * @returns {Promise<Map<string, string[]>>}
 */
async function groupMembersOf(turtle, base, oldOrigin, oldPod, read) {
  const members = new Map();
  for (const quad of parseTurtle(turtle, base)) {
    const iri = quad.object.value;
    if (quad.predicate.value === 'http://www.w3.org/ns/auth/acl#agentGroup' && quad.object.termType === 'NamedNode' &&
      new URL(iri).origin === oldOrigin && !iri.startsWith(oldPod) && !members.has(iri)) {
      const found = await read(iri);
      if (found) {
        members.set(iri, found);
      }
    }
  }
  return members;
}

/**
 * Imports a validated archive, or any ResourceSource (a live pod, for `pod move`), into the pod at `options.pod`.
 * @param {object} options
 * @param {ValidArchive} [options.archive] from validateArchive()
 * @param {ResourceSource} [options.source] instead of an archive
 * @param {boolean} [options.expandGroups] rules naming groups of the source server get the groups' current members
 *   (read with `source.groupMembers`) instead of being dropped
 * @param {(url: string, turtle: string) => void} [options.onAcl] called with each ACL written (for the peers' notices)
 * @param {(phase: 'acl') => void} [options.onPhase] called when the ACLs start
 * @param {string} options.pod the target pod root
 * @param {string} options.webId the new WebID (the target's owner)
 * @param {(() => Promise<string>) | null} [options.authorization]
 * @param {(() => Promise<string>) | null} [options.renewAuthorization]
 * @param {number} [options.concurrency] requests at a time (default 4)
 * @param {number} [options.timeoutMs] per request, plus a second per MB of body (default 30 s)
 * @param {typeof fetch} [options.fetch]
 * @param {{ resources: number, bytes: number, queued: number }} [options.progress]
 * @returns {Promise<ImportReport>}
 */
export async function importPod(options) {
  const started = Date.now();
  const source = options.source ?? archiveSource(/** @type {ValidArchive} */ (options.archive));
  const { manifest, file } = source;
  const fetchFn = options.fetch ?? fetch;
  const oldPod = manifest.source;
  const newPod = normalisePodUrl(options.pod).href;
  const oldWebId = manifest.webId ?? null;
  const newWebId = options.webId;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const progress = options.progress ?? { resources: 0, bytes: 0, queued: 0 };
  const rewrite = iriRewriter({ oldPod, newPod, oldWebId, newWebId });
  const oldOrigin = new URL(oldPod).origin;

  // Requests to the target with the owner's token (renewed once after a 401); `request` gives a body of `size`
  // bytes one more second per MB to be sent.
  const target = podRequester({ pod: newPod, authorization: options.authorization,
    renewAuthorization: options.renewAuthorization, timeoutMs, fetch: fetchFn });
  const request = (url, init = {}, size = 0) => target(url, init, timeoutMs + Math.ceil(size / 1e6) * 1000);

  // The target must answer and let us in before anything is planned.
  let rootResponse;
  try {
    rootResponse = await request(newPod, { method: 'HEAD' });
  } catch (error) {
    throw new ImportError(`The target pod ${newPod} cannot be reached (${error.message})`);
  }
  if (!rootResponse.ok) {
    throw new ImportError(`The target pod ${newPod} answered HTTP ${rootResponse.status}` +
      `${rootResponse.status === 401 || rootResponse.status === 403 ? ': the credentials do not give access to it' : ''}`);
  }

  /** @type {ImportReport} */
  const report = {
    archive: file, source: oldPod, target: newPod, oldWebId, webId: newWebId, moved: 0, alreadyThere: 0,
    movedPaths: [], alreadyTherePaths: [], skipped: [], failed: [], notices: [], bytes: 0, durationMs: 0, complete: false,
  };
  for (const item of manifest.skipped ?? []) {
    report.skipped.push({ path: item.path ?? '', url: item.url ?? '', reason: `not in the archive (${item.reason})` });
  }

  // The plan: documents, then empty containers, then ACLs (deepest first, the root's last).
  const targetProfile = documentOf(newWebId);
  const oldProfile = oldWebId ? documentOf(oldWebId) : null;
  const skippedPaths = new Set();
  const documents = [];
  const acls = [];
  const metas = [];
  for (const resource of manifest.resources) {
    const isAcl = resource.kind === 'acl' || (resource.kind === 'rdf' && resource.path.endsWith('.acl'));
    if (isAcl) {
      acls.push({ ...resource, aclOf: resource.aclOf ?? resource.path.slice(0, -'.acl'.length) });
      continue;
    }
    if (resource.kind === 'container') {
      continue;
    }
    if (resource.kind === 'meta') {
      metas.push(resource);
      continue;
    }
    const url = urlOfPath(newPod, resource.path);
    const oldUrl = urlOfPath(oldPod, resource.path);
    if (url === targetProfile || oldUrl === oldProfile) {
      skippedPaths.add(resource.path);
      report.skipped.push({ path: resource.path, url: oldUrl === oldProfile ? oldUrl : url, expected: true,
        reason: `${oldUrl === oldProfile ? 'the old WebID profile: ' : ''}${PROFILE_SKIP_REASON}` });
      continue;
    }
    documents.push(resource);
  }
  const written = documents.map((resource) => resource.path);
  const emptyContainers = manifest.resources.filter((resource) => resource.kind === 'container' && resource.path !== '' &&
    !written.some((path) => path.startsWith(resource.path)));
  acls.sort((a, b) => (a.aclOf === '' ? 1 : 0) - (b.aclOf === '' ? 1 : 0) ||
    b.aclOf.split('/').length - a.aclOf.split('/').length || a.aclOf.localeCompare(b.aclOf));
  progress.queued = documents.length + emptyContainers.length + metas.length + acls.length;

  /**
   * Runs `work` for an item, once more if it fails; records the outcome.
   * @param {string} path
   * @param {string} url
   * @param {(round: number) => Promise<'moved' | 'already'>} work called with 0, then 1 for the retry
   */
  const attempt = async(path, url, work) => {
    let last = '';
    for (let round = 0; round < 2; round += 1) {
      try {
        const outcome = await work(round);
        if (outcome === 'moved') {
          report.moved += 1;
          report.movedPaths.push(path);
        } else {
          report.alreadyThere += 1;
          report.alreadyTherePaths.push(path);
        }
        progress.resources += 1;
        progress.queued -= 1;
        return;
      } catch (error) {
        last = error instanceof RequestFailure ? error.message : `${error.message}`;
      }
    }
    progress.queued -= 1;
    report.failed.push({ path, url, reason: last });
  };

  /**
   * @param {Response} response
   * @param {string} what
   */
  const expectOk = async(response, what) => {
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new RequestFailure(`${what}: HTTP ${response.status}${text ? ` (${text.slice(0, 120).replace(/\s+/gu, ' ').trim()})` : ''}`);
    }
  };

  /**
   * The canonical hash of the RDF at `url` on the target, or null when it is not there.
   * @param {string} url
   * @returns {Promise<string | null>}
   */
  const targetRdfHash = async(url) => {
    const response = await request(url, { headers: { accept: 'text/turtle' }});
    if (response.status === 404) {
      await discard(response);
      return null;
    }
    await expectOk(response, 'read back');
    return canonicalHash(parseTurtle(await response.text(), url));
  };

  /**
   * Writes a body with PUT, then reads it back and compares.
   * @param {string} url
   * @param {Buffer | string} body
   * @param {string} contentType
   * @param {() => Promise<boolean>} same
   * @returns {Promise<'moved' | 'already'>}
   */
  const putAndVerify = async(url, body, contentType, same) => {
    const size = Buffer.byteLength(body);
    const put = (headers) => request(url, { method: 'PUT', headers: { 'content-type': contentType, ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body.buffer, body.byteOffset, body.byteLength) }, size);
    // Written only if nothing is there yet (If-None-Match: *): one request instead of a read then a write on a
    // fresh target. 412 means something is there: compared first, as before, so a resumed import skips it.
    let response = await put({ 'if-none-match': '*' });
    if (response.status === 412) {
      await discard(response);
      if (await same()) {
        return 'already';
      }
      response = await put({});
    }
    await expectOk(response, 'write');
    await discard(response);
    if (!await same()) {
      throw new RequestFailure('read back differs from what was written');
    }
    report.bytes += size;
    progress.bytes += size;
    return 'moved';
  };

  /**
   * The SHA-256 of the bytes at `url` on the target; null when it is not there or its size is not `size`.
   * @param {string} url
   * @param {number | undefined} size
   * @returns {Promise<string | null>}
   */
  const targetSha = async(url, size, probe = true) => {
    if (probe) {
      // Before a write, a HEAD avoids downloading a different file of another size; a read-back needs none.
      const head = await request(url, { method: 'HEAD' });
      await discard(head);
      const length = head.headers.get('content-length');
      if (head.status === 404 || (head.ok && size !== undefined && length !== null && Number(length) !== size)) {
        return null;
      }
    }
    // Read with the socket's backpressure (see streamGet()): memory stays flat for large files.
    const response = await target.stream(url, { accept: '*/*' });
    if (response.status === 404) {
      response.body.resume();
      return null;
    }
    if (response.status < 200 || response.status >= 300) {
      response.body.resume();
      throw new RequestFailure(`read back: HTTP ${response.status}`);
    }
    const hash = createHash('sha256');
    try {
      for await (const chunk of response.body) {
        hash.update(chunk);
      }
    } catch (error) {
      throw new RequestFailure(`read back: ${describeFailure(error)}`);
    }
    return hash.digest('hex');
  };

  /**
   * Streams a binary from the source into the target (hashing it on the way), then reads it back.
   * @param {any} resource
   * @param {string} url
   * @returns {Promise<'moved' | 'already'>}
   */
  const copyBinary = async(resource, url, round = 0) => {
    // After a failed write the target's state is not trusted (stock CSS keeps the bytes of an upload it answers
    // 500 to, without saying what else it kept): the retry writes again.
    if (round > 0) {
      return /** @type {'moved'} */ (await putBinary(resource, url, {}));
    }
    // Written only if nothing is there yet (If-None-Match: *): one request on a fresh target. 412: something is
    // there, compared first, so that a resumed move skips what is already identical.
    const first = await putBinary(resource, url, { 'if-none-match': '*' });
    if (first !== 'exists') {
      return first;
    }
    const there = await targetSha(url, resource.size);
    if (there !== null && there === await source.sha256(resource)) {
      return 'already';
    }
    return /** @type {'moved'} */ (await putBinary(resource, url, {}));
  };

  /**
   * Streams a binary from the source into a PUT on the target (hashing it on the way), then reads it back.
   * @param {any} resource
   * @param {string} url
   * @param {Record<string, string>} conditions
   * @returns {Promise<'moved' | 'exists'>} 'exists' when the condition failed (412)
   */
  const putBinary = async(resource, url, conditions) => {
    const opened = await source.open(resource);
    const hash = createHash('sha256');
    let size = 0;
    const hasher = new Transform({
      transform(chunk, encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        progress.bytes += chunk.length;
        done(null, chunk);
      },
    });
    /** @type {Record<string, string>} */
    const headers = { 'content-type': resource.contentType || 'application/octet-stream', ...conditions };
    if (opened.size === undefined) {
      headers['transfer-encoding'] = 'chunked';
    } else {
      headers['content-length'] = String(opened.size);
    }
    const authorization = await target.authorizationFor(url, false);
    if (authorization) {
      headers.authorization = authorization;
    }
    let response;
    try {
      // Streamed with the socket's backpressure, so that memory stays flat whatever the file's size.
      const input = opened.body instanceof Readable ? opened.body : Readable.from(opened.body);
      input.on('error', (error) => hasher.destroy(error));
      response = await streamRequest(url, 'PUT', headers, input.pipe(hasher), timeoutMs);
    } catch (error) {
      progress.bytes -= size;
      opened.cancel();
      throw new RequestFailure(describeFailure(error));
    }
    opened.cancel();
    if (response.status === 412 && conditions['if-none-match']) {
      progress.bytes -= size;
      return 'exists';
    }
    if (response.status < 200 || response.status >= 300) {
      progress.bytes -= size;
      if (response.status === 401 && options.renewAuthorization) {
        await options.renewAuthorization();
      }
      const text = await response.text();
      throw new RequestFailure(`write: HTTP ${response.status}${text ? ` (${text.slice(0, 120).replace(/\s+/gu, ' ').trim()})` : ''}`);
    }
    const written = hash.digest('hex');
    if (resource.sha256 && written !== resource.sha256) {
      throw new RequestFailure(`the source's bytes changed while they were read (SHA-256 ${written})`);
    }
    if (await targetSha(url, size, false) !== written) {
      throw new RequestFailure('read back differs from what was written');
    }
    report.bytes += size;
    return 'moved';
  };

  const importDocument = async(resource) => {
    const url = urlOfPath(newPod, resource.path);
    const oldUrl = urlOfPath(oldPod, resource.path);
    if (resource.kind === 'binary') {
      await attempt(resource.path, url, (round) => copyBinary(resource, url, round));
      return;
    }
    let text;
    try {
      text = await source.text(resource);
    } catch (error) {
      report.failed.push({ path: resource.path, url, reason: `cannot read it from the source: ${error.message}` });
      progress.queued -= 1;
      return;
    }
    if (text === null) {
      report.failed.push({ path: resource.path, url, reason: 'it disappeared from the source' });
      progress.queued -= 1;
      return;
    }
    let rewritten;
    try {
      rewritten = await rewriteTurtle(text, { oldUrl, newUrl: url, rewrite });
    } catch (error) {
      report.failed.push({ path: resource.path, url, reason: `invalid Turtle in the archive: ${error.message}` });
      progress.queued -= 1;
      return;
    }
    const expected = await canonicalHash(rewritten.quads);
    await attempt(resource.path, url, () => putAndVerify(url, rewritten.turtle, 'text/turtle',
      async() => await targetRdfHash(url) === expected));
  };

  const importContainer = async(resource) => {
    const url = urlOfPath(newPod, resource.path);
    const exists = async() => {
      const response = await request(url, { method: 'HEAD' });
      return response.ok;
    };
    await attempt(resource.path, url, async() => {
      if (await exists()) {
        return 'already';
      }
      const response = await request(url, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: '' });
      await expectOk(response, 'create container');
      await discard(response);
      if (!await exists()) {
        throw new RequestFailure('the container is not there after it was created');
      }
      return 'moved';
    });
  };

  /**
   * Restores what people set on a container (its title…): the missing triples are added with an N3 Patch on
   * the target's description resource (`rel="describedby"`; CSS refuses PUT there), then read back.
   * @param {any} resource
   */
  const importMeta = async(resource) => {
    const container = urlOfPath(newPod, resource.metaOf);
    const oldContainer = urlOfPath(oldPod, resource.metaOf);
    let wanted;
    try {
      const text = await source.text(resource);
      wanted = text === null ? [] : userMetadata(rewriteQuads(parseTurtle(text, oldContainer), rewrite), container);
    } catch (error) {
      report.failed.push({ path: resource.path, url: container, reason: `cannot read the folder description: ${error.message}` });
      progress.queued -= 1;
      return;
    }
    if (wanted.length === 0) {
      progress.queued -= 1;
      return;
    }
    const key = (quad) => `${quad.predicate.value} ${quad.object.termType} ${quad.object.value} ${quad.object.language ?? ''} ` +
      `${quad.object.datatype?.value ?? ''}`;
    /** The wanted triples the target's container does not state yet (null: the container is not there). */
    const missing = async() => {
      const response = await request(container, { headers: { accept: 'text/turtle' }});
      if (!response.ok) {
        await discard(response);
        throw new RequestFailure(`the folder is not on the target (HTTP ${response.status})`);
      }
      const there = new Set(parseTurtle(await response.text(), container)
        .filter((quad) => quad.subject.value === container).map(key));
      return { link: response.headers.get('link'), quads: wanted.filter((quad) => !there.has(key(quad))) };
    };
    await attempt(resource.path, container, async() => {
      const before = await missing();
      if (before.quads.length === 0) {
        return 'already';
      }
      const describedBy = linkTargets(before.link, 'describedby', container)[0] ?? `${container}.meta`;
      const insert = (quads) => request(describedBy, { method: 'PATCH', headers: { 'content-type': 'text/n3' },
        body: '@prefix solid: <http://www.w3.org/ns/solid/terms#>.\n_:restore a solid:InsertDeletePatch; solid:inserts {\n' +
          `${new Writer({ format: 'N-Triples' }).quadsToString(quads)}}.\n` });
      let response = await insert(before.quads);
      /** Triples the target refuses to let anyone write (it manages them itself): said, not failed. */
      const refused = [];
      if (response.status === 409 && before.quads.length > 1) {
        await discard(response);
        for (const quad of before.quads) {
          response = await insert([ quad ]);
          if (response.status === 409) {
            refused.push(quad);
          } else {
            await expectOk(response, 'write the folder description');
          }
          await discard(response);
        }
      } else if (response.status === 409) {
        refused.push(...before.quads);
      } else {
        await expectOk(response, 'write the folder description');
      }
      await discard(response);
      for (const quad of refused) {
        report.notices.push(`${resource.path}: the target does not let anyone set <${quad.predicate.value}> ` +
          `${quad.object.termType === 'Literal' ? JSON.stringify(quad.object.value) : `<${quad.object.value}>`} on the folder ` +
          '(it manages it itself)');
      }
      const after = await missing();
      if (after.quads.length > refused.length) {
        throw new RequestFailure('the folder description read back lacks what was written');
      }
      return refused.length === before.quads.length ? 'already' : 'moved';
    });
  };

  const importAcl = async(resource) => {
    if (skippedPaths.has(resource.aclOf)) {
      report.skipped.push({ path: resource.path, url: urlOfPath(oldPod, resource.path), expected: true,
        reason: `ACL of the WebID profile: ${PROFILE_SKIP_REASON}` });
      progress.queued -= 1;
      return;
    }
    const target = urlOfPath(newPod, resource.aclOf);
    const read = await /** @type {any} */ (aclTexts.get(resource)).promise;
    if (read.error) {
      report.failed.push({ path: resource.path, url: target, reason: `cannot read it from the source: ${read.error.message}` });
      progress.queued -= 1;
      return;
    }
    const { text } = read;
    if (text === null) {
      // A live source lists every ACL a resource could have; most do not exist (the resource inherits).
      progress.queued -= 1;
      return;
    }
    const head = await request(target, { method: 'HEAD' }).catch((error) => error);
    if (head instanceof Error || !head.ok) {
      report.failed.push({ path: resource.path, url: target, reason: `the resource it protects is not on the target ` +
        `(${head instanceof Error ? head.message : `HTTP ${head.status}`})` });
      progress.queued -= 1;
      return;
    }
    const url = linkTargets(head.headers.get('link'), 'acl', target)[0] ?? `${target}.acl`;
    const oldUrl = urlOfPath(oldPod, resource.path);
    let rewritten;
    try {
      const members = options.expandGroups && source.groupMembers ?
        await groupMembersOf(text, oldUrl, oldOrigin, oldPod, source.groupMembers) : undefined;
      rewritten = await rewriteAcl(text, { oldUrl, newUrl: url, rewrite, oldOrigin, oldPod, resource: target, members });
    } catch (error) {
      report.failed.push({ path: resource.path, url, reason: `invalid Turtle ${file ? 'in the archive' : 'on the source'}: ${error.message}` });
      progress.queued -= 1;
      return;
    }
    for (const dropped of rewritten.dropped) {
      report.notices.push(`${resource.path}: ${dropped.whole ? 'rule' : 'group of rule'} ${dropped.rule} dropped: agentGroup ` +
        `${dropped.groups.join(', ')} is a group on the old server, which cannot be honoured elsewhere` +
        `${options.expandGroups ? ' (its members could not be read)' : ' (--expand-groups gives its current members instead)'}`);
    }
    for (const expanded of rewritten.expanded) {
      report.notices.push(`${resource.path}: agentGroup ${expanded.group} of rule ${expanded.rule} replaced by its ` +
        `${expanded.members} current member${expanded.members === 1 ? '' : 's'} (later changes to the group will not apply)`);
    }
    options.onAcl?.(url, rewritten.turtle);
    const expected = await canonicalHash(rewritten.quads);
    let wasPublic = false;
    await attempt(resource.path, url, () => putAndVerify(url, rewritten.turtle, 'text/turtle', async() => {
      const response = await request(url, { headers: { accept: 'text/turtle' }});
      if (response.status === 404) {
        await discard(response);
        return false;
      }
      await expectOk(response, 'read back');
      const quads = parseTurtle(await response.text(), url);
      wasPublic ||= resource.aclOf === '' && grantsPublicRead(quads, target);
      return await canonicalHash(quads) === expected;
    }));
    if (resource.aclOf === '' && wasPublic && !rewritten.publicRead && report.movedPaths.includes(resource.path)) {
      report.notices.push('root made private to match the source (the target\'s root ACL gave public read; the source\'s did not)');
    }
  };

  // Documents with a small pool of workers, large files one at a time beside them (on one link, parallel streams
  // add no speed, and each costs memory on the way); then containers; then ACLs one at a time, in order.
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const large = (resource) => resource.kind === 'binary' && (resource.size === undefined || resource.size >= LARGE_FILE);
  const small = documents.filter((resource) => !large(resource));
  const big = documents.filter(large);
  const work = async(queue) => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await importDocument(next);
    }
  };
  await Promise.all([ work(big), ...Array.from({ length: Math.max(1, Math.min(concurrency - (big.length > 0 ? 1 : 0),
    small.length)) }, () => work(small)) ]);
  for (const container of emptyContainers) {
    await importContainer(container);
  }
  for (const meta of metas) {
    await importMeta(meta);
  }
  options.onPhase?.('acl');
  // The ACLs are read from the source `concurrency` at a time (a live source lists one possible ACL per
  // resource, most of them absent), then written one at a time, in order.
  /** @type {Map<any, { promise: Promise<{ text?: string | null, error?: Error }>, resolve: (read: any) => void }>} */
  const aclTexts = new Map();
  const toRead = acls.filter((acl) => !skippedPaths.has(acl.aclOf));
  for (const acl of toRead) {
    let resolve = (/** @type {any} */ _read) => undefined;
    const promise = new Promise((done) => {
      resolve = done;
    });
    aclTexts.set(acl, { promise, resolve });
  }
  let nextAcl = 0;
  const readers = Array.from({ length: Math.min(concurrency, toRead.length) }, async() => {
    for (let index = nextAcl++; index < toRead.length; index = nextAcl++) {
      const acl = toRead[index];
      aclTexts.get(acl)?.resolve(await source.text(acl).then((text) => ({ text }), (error) => ({ error })));
    }
  });
  for (const acl of acls) {
    await importAcl(acl);
  }
  await Promise.all(readers);
  report.durationMs = Date.now() - started;
  report.complete = report.failed.length === 0 && report.skipped.every((item) => item.expected);
  return report;
}
