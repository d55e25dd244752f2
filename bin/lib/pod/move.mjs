// Live move of a pod between two running Solid servers (docs/move.md, "Live move"), without an intermediate
// file: list the source, check the target (its quota, when it is a Cartable server), confirm, make the source
// read-only (when it is a Cartable server), copy every resource with the importer (IRIs rewritten, every write
// read back and checked, ACLs last), state the alias on the new profile, mark the source moved (Cartable: 308
// then 410 on the old URLs, old profile kept with owl:sameAs) and tell the peers. Against another provider it
// does what the Solid protocol allows and says what it could not do.
import { discard, podRequester } from './http.mjs';
import { importPod } from './import.mjs';
import { listPod, liveSource } from './live.mjs';
import { normalisePodUrl } from './manifest.mjs';
import { notifyPeers, peersOf } from './notify.mjs';

/** The move cannot be done (a side unreachable, credentials refused); exit code 1. */
export class MoveError extends Error {}

/** The move was refused before anything was written (same pod, quota, confirmation declined); exit code 2. */
export class MoveRefused extends Error {}

const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';

/**
 * @typedef {object} CartableSide what a Cartable server says about a pod through its move API (docs/move-api.md)
 * @property {boolean} cartable
 * @property {string} [state] active, locked or moved
 * @property {{ used: number, limit: number, available: number } | null} [quota]
 * @property {string} [error] why the API refused us
 */

/**
 * Asks the pod's server whether it is a Cartable server and what it knows about the pod.
 * @param {string} pod
 * @param {(url: string, init?: any) => Promise<Response>} request
 * @returns {Promise<CartableSide>}
 */
export async function probeCartable(pod, request) {
  const api = `${new URL(pod).origin}/.cartable/move/`;
  let response;
  try {
    response = await request(`${api}?pod=${encodeURIComponent(pod)}`, { headers: { accept: 'application/json' }});
  } catch {
    return { cartable: false };
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    await discard(response);
    return { cartable: false };
  }
  let body = {};
  try {
    body = await response.json();
  } catch {
    return { cartable: false };
  }
  // Cartable's move API answers `{ state }`, or `{ error }` when it refuses; anything else (another server's
  // error page, even in JSON) means it is not a Cartable server.
  if (!response.ok) {
    return typeof body.error === 'string' && body.statusCode === undefined ?
      { cartable: true, error: `HTTP ${response.status}: ${body.error}` } : { cartable: false };
  }
  return typeof body.state === 'string' ? { cartable: true, state: body.state, quota: body.quota ?? null } : { cartable: false };
}

/**
 * One action of the Cartable move API.
 * @param {string} pod
 * @param {(url: string, init?: any) => Promise<Response>} request
 * @param {Record<string, unknown>} body
 * @returns {Promise<any>}
 */
async function cartableAction(pod, request, body) {
  const response = await request(`${new URL(pod).origin}/.cartable/move/`, { method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ pod, ...body }) });
  const text = await response.text();
  let json = {};
  try {
    json = JSON.parse(text);
  } catch {
    // Reported below.
  }
  if (!response.ok) {
    throw new Error(`${body.action}: HTTP ${response.status}${json.error ? ` ${json.error}` : ''}`);
  }
  return json;
}

/**
 * The resources of the pod that have an ACL, and the size of each document, when its Cartable server can tell
 * (one request instead of one or two per resource); null otherwise.
 * @param {string} pod
 * @param {(url: string, init?: any) => Promise<Response>} request
 * @returns {Promise<{ acls: Set<string>, sizes: Map<string, number> } | null>}
 */
async function cartableFiles(pod, request) {
  try {
    const response = await request(`${new URL(pod).origin}/.cartable/move/?pod=${encodeURIComponent(pod)}&list=files`,
      { headers: { accept: 'application/json' }});
    if (!response.ok) {
      await discard(response);
      return null;
    }
    const { acls, sizes } = await response.json();
    if (!Array.isArray(acls) || !acls.every((path) => typeof path === 'string') || typeof sizes !== 'object' || !sizes) {
      return null;
    }
    return { acls: new Set(acls), sizes: new Map(Object.entries(sizes).filter(([ , size ]) => Number.isInteger(size))) };
  } catch {
    return null;
  }
}

/**
 * The document URL of an IRI.
 * @param {string} iri
 * @returns {string}
 */
function documentOf(iri) {
  const url = new URL(iri);
  url.hash = '';
  return url.href;
}

/**
 * @typedef {object} MoveProgress
 * @property {'list' | 'check' | 'copy' | 'acl' | 'finish'} phase
 * @property {number} resources done
 * @property {number} totalResources
 * @property {number} bytes
 * @property {number} totalBytes
 */

/**
 * @typedef {object} MovePlan
 * @property {string} from
 * @property {string} to
 * @property {string | null} oldWebId
 * @property {string} webId
 * @property {number} resources resources listed (containers, documents, possible ACLs)
 * @property {number} documents
 * @property {number} bytes known sizes of the documents
 * @property {CartableSide} source
 * @property {CartableSide} target
 * @property {string[]} notices what cannot be done on this pair of servers, said before the move
 */

/**
 * Moves the pod `from` into the pod `to`.
 * @param {object} options
 * @param {string} options.from
 * @param {string} options.to
 * @param {{ header: () => Promise<string>, renew: () => Promise<string>, webId: string | null }} options.fromAuth
 * @param {{ header: () => Promise<string>, renew: () => Promise<string>, webId: string | null }} options.toAuth
 * @param {string} [options.toWebId] default: the target token's WebID
 * @param {(plan: MovePlan) => Promise<boolean>} [options.confirm] asked once the plan is known; false stops
 * @param {boolean} [options.preconfirmed] the move is confirmed beforehand (--yes): the source is locked before it
 *   is listed, and listed once
 * @param {boolean} [options.dryRun] list and check only
 * @param {boolean} [options.keepSource] neither lock nor mark the source moved
 * @param {number} [options.graceDays]
 * @param {boolean} [options.notify] tell the peers (default true)
 * @param {boolean} [options.expandGroups]
 * @param {number} [options.concurrency]
 * @param {number} [options.timeoutMs]
 * @param {MoveProgress} [options.progress] kept up to date
 * @param {typeof fetch} [options.fetch]
 * @returns {Promise<any>} the report (docs/move.md)
 */
export async function movePod(options) {
  const started = Date.now();
  const from = normalisePodUrl(options.from).href;
  const to = normalisePodUrl(options.to).href;
  if (from === to) {
    throw new MoveRefused(`refusing to move a pod into itself (${from})`);
  }
  if (to.startsWith(from) || from.startsWith(to)) {
    throw new MoveRefused(`refusing to move ${from} into ${to}: one pod is inside the other`);
  }
  const progress = options.progress ?? { phase: 'list', resources: 0, totalResources: 0, bytes: 0, totalBytes: 0 };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fromRequest = podRequester({ pod: from, authorization: options.fromAuth.header,
    renewAuthorization: options.fromAuth.renew, timeoutMs, fetch: options.fetch });
  const toRequest = podRequester({ pod: to, authorization: options.toAuth.header,
    renewAuthorization: options.toAuth.renew, timeoutMs, fetch: options.fetch });
  const oldWebId = options.fromAuth.webId;
  const webId = options.toWebId ?? options.toAuth.webId;
  if (!webId) {
    throw new MoveError('The target\'s access token names no WebID: give the new owner\'s WebID with --to-webid');
  }

  // Both sides must answer and let us in before anything is planned.
  const target = await toRequest(to, { method: 'HEAD' }).catch((error) => {
    throw new MoveError(`The target pod ${to} cannot be reached (${error.message})`);
  });
  if (!target.ok) {
    throw new MoveError(`The target pod ${to} answered HTTP ${target.status}${target.status === 401 || target.status === 403 ?
      ': the target credentials do not give access to it' : ''}`);
  }
  const [ sourceSide, targetSide ] = await Promise.all([ probeCartable(from, fromRequest), probeCartable(to, toRequest) ]);
  for (const [ side, name, pod ] of [ [ sourceSide, 'source', from ], [ targetSide, 'target', to ] ]) {
    if (side.error) {
      throw new MoveError(`The ${name} server refused to tell about ${pod} (${side.error}): only the pod's owner can move it`);
    }
  }
  if (sourceSide.state === 'moved') {
    throw new MoveRefused(`The source pod ${from} has already moved`);
  }
  if (targetSide.state === 'moved') {
    throw new MoveRefused(`The target pod ${to} has moved away; give the URL of its new place`);
  }

  /** @type {string[]} */
  const notices = [];
  if (!sourceSide.cartable) {
    notices.push('the source is not a Cartable server: it cannot be made read-only during the move, and its old URLs ' +
      'will not redirect (ask its provider; the Solid protocol has no way to say a pod moved)');
  }
  if (!targetSide.cartable) {
    notices.push('the target is not a Cartable server: its free space cannot be checked before the move');
  }
  if (sourceSide.cartable && options.keepSource) {
    notices.push('--keep-source: the source stays writable and is not marked moved');
  }

  // A Cartable source is read-only from before it is listed (when the move is confirmed beforehand, --yes) or
  // from the confirmation on, and then listed again: nothing written in between is left behind.
  const sourceState = { cartable: sourceSide.cartable, locked: false, markedMoved: false };
  const willLock = sourceSide.cartable && !options.keepSource && !options.dryRun;
  const lockMinutes = 120;
  let relock;
  const lock = async() => {
    try {
      await cartableAction(from, fromRequest, { action: 'lock', minutes: lockMinutes });
    } catch (error) {
      throw new MoveError(`The source pod ${from} could not be made read-only for the move (${error.message})`);
    }
    sourceState.locked = true;
    // Renewed while the move runs; it expires by itself if the mover dies.
    relock = setInterval(() => {
      cartableAction(from, fromRequest, { action: 'lock', minutes: lockMinutes }).catch(() => undefined);
    }, lockMinutes * 60_000 / 4);
  };
  const release = async() => {
    clearInterval(relock);
    if (sourceState.locked && !sourceState.markedMoved) {
      // The source is writable again only if its server says so; a cut network gets a few more tries.
      for (const wait of [ 0, 500, 1500, 3000 ]) {
        await new Promise((resolve) => {
          setTimeout(resolve, wait);
        });
        if (await cartableAction(from, fromRequest, { action: 'unlock' }).then(() => true, () => false)) {
          sourceState.locked = false;
          return;
        }
      }
      notices.push(`the source could not be unlocked: it stays read-only until its lock expires (at most ${lockMinutes} ` +
        'minutes); run the move again, or ask its server to unlock it (POST /.cartable/move/ {"action":"unlock"})');
    }
  };
  const onSignal = (signal) => {
    release().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const list = async() => {
    progress.phase = 'list';
    const listing = { listed: 0 };
    const ticker = setInterval(() => {
      progress.totalResources = listing.listed;
    }, 200);
    try {
      const files = sourceSide.cartable ? await cartableFiles(from, fromRequest) : null;
      return await listPod({ pod: from, request: fromRequest, webId: oldWebId, concurrency: options.concurrency,
        progress: listing, existingAcls: files?.acls, sizes: files?.sizes });
    } finally {
      clearInterval(ticker);
    }
  };
  const sizes = (manifest) => {
    const documents = manifest.resources.filter((resource) => resource.kind === 'rdf' || resource.kind === 'binary');
    progress.totalResources = manifest.resources.length;
    progress.totalBytes = documents.reduce((sum, resource) => sum + (resource.size ?? 0), 0);
    return { documents, bytes: progress.totalBytes };
  };

  let manifest;
  try {
    if (willLock && options.preconfirmed) {
      await lock();
    }
    manifest = await list();
    const { documents, bytes } = sizes(manifest);
    progress.phase = 'check';
    /** @type {MovePlan} */
    const plan = { from, to, oldWebId, webId, resources: manifest.resources.length, documents: documents.length, bytes,
      source: sourceSide, target: targetSide, notices };

    // The quota pre-check: bytes already on the target at the same paths (a resumed move) do not count twice.
    if (targetSide.quota && targetSide.quota.available < bytes) {
      let present = 0;
      for (const resource of documents) {
        const response = await toRequest(`${to}${resource.path.split('/').map(encodeURIComponent).join('/')}`,
          { method: 'HEAD' }).catch(() => null);
        await discard(response);
        if (response?.ok && Number(response.headers.get('content-length')) === resource.size) {
          present += resource.size ?? 0;
        }
      }
      if (targetSide.quota.available < bytes - present) {
        throw new MoveRefused(`The target pod ${to} has ${targetSide.quota.available} bytes free, the move needs ` +
          `${bytes - present}: nothing was written. Free some space on the target or ask for a larger quota.`);
      }
    }
    if (options.dryRun) {
      progress.phase = 'finish';
      return { dryRun: true, ...plan, skipped: manifest.skipped, durationMs: Date.now() - started };
    }
    if (!options.preconfirmed) {
      if (options.confirm && !await options.confirm(plan)) {
        throw new MoveRefused('The move was not confirmed: nothing was written');
      }
      if (willLock) {
        await lock();
        manifest = await list();
        sizes(manifest);
      }
    }
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await release();
    throw error;
  }

  /** @type {{ url: string, turtle: string }[]} */
  const acls = [];
  const counters = { resources: 0, bytes: 0, queued: 0 };
  const mirror = setInterval(() => {
    progress.resources = counters.resources;
    progress.bytes = counters.bytes;
  }, 200);
  let report;
  try {
    progress.phase = 'copy';
    report = await importPod({
      source: liveSource(manifest, fromRequest), pod: to, webId, authorization: options.toAuth.header,
      renewAuthorization: options.toAuth.renew, concurrency: options.concurrency, timeoutMs, fetch: options.fetch,
      progress: counters, expandGroups: options.expandGroups, onAcl: (url, turtle) => acls.push({ url, turtle }),
      onPhase: (phase) => {
        progress.phase = phase;
      },
    });
    progress.resources = counters.resources;
    progress.bytes = counters.bytes;
    progress.phase = 'finish';

    // The new profile states the alias back (the old one states it once the source is marked moved).
    if (report.complete && oldWebId && oldWebId !== webId) {
      const patch = `@prefix solid: <http://www.w3.org/ns/solid/terms#>.\n_:alias a solid:InsertDeletePatch;\n` +
        `  solid:inserts { <${webId}> <${OWL_SAME_AS}> <${oldWebId}>. }.\n`;
      const response = await toRequest(documentOf(webId), { method: 'PATCH', headers: { 'content-type': 'text/n3' }, body: patch })
        .catch((error) => ({ ok: false, status: 0, statusText: error.message, body: null }));
      await discard(response);
      report.notices.push(response.ok ? `the new profile states owl:sameAs ${oldWebId}` :
        `the new profile could not state owl:sameAs ${oldWebId} (HTTP ${response.status}): add it by hand so that old shares keep working`);
    }
    if (report.complete && sourceState.locked) {
      try {
        await cartableAction(from, fromRequest, { action: 'moved', newPod: to,
          ...oldWebId && oldWebId !== webId ? { newWebId: webId } : {},
          ...options.graceDays === undefined ? {} : { graceDays: options.graceDays } });
        sourceState.markedMoved = true;
      } catch (error) {
        report.notices.push(`the source could not be marked moved (${error.message}): its old URLs do not redirect yet`);
      }
    }
  } finally {
    clearInterval(mirror);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await release();
  }

  /** @type {any[]} */
  let notified = [];
  if (report.complete && options.notify !== false) {
    // Credentials only ever go to the side they belong to; peers elsewhere are written to anonymously.
    const authorization = async(url) => await toRequest.authorizationFor(url, false) ??
      fromRequest.authorizationFor(url, false);
    notified = await notify({ acls, from, to, oldWebId, webId, authorization, fetch: options.fetch, report });
  }
  return {
    from, to, oldWebId, webId,
    moved: report.moved, alreadyThere: report.alreadyThere, movedPaths: report.movedPaths,
    skipped: [ ...manifest.skipped.map((item) => ({ path: item.path ?? '', url: item.url, reason: item.reason })),
      ...report.skipped ],
    failed: report.failed,
    notices: [ ...notices, ...report.notices ],
    bytes: report.bytes,
    durationMs: Date.now() - started,
    complete: report.complete && manifest.skipped.length === 0,
    source: sourceState,
    target: { cartable: targetSide.cartable, quota: targetSide.quota ?? null },
    notified,
  };
}

/**
 * Sends the "moved" notices to the peers named by the pod's ACLs (bin/lib/pod/notify.mjs); a failure is a notice.
 * @param {{ acls: { url: string, turtle: string }[], from: string, to: string, oldWebId: string | null, webId: string,
 *   authorization: (url: string) => Promise<string | null>, fetch?: typeof fetch, report: any }} options
 * @returns {Promise<any[]>}
 */
async function notify({ acls, from, to, oldWebId, webId, authorization, fetch: doFetch, report }) {
  try {
    const peers = peersOf({ aclTurtles: acls, ownWebIds: [ oldWebId, webId ].filter(Boolean) });
    return await notifyPeers({ peers, oldWebId, newWebId: webId, oldPod: from, newPod: to, authorization,
      ...doFetch ? { fetch: doFetch } : {}});
  } catch (error) {
    report.notices.push(`the peers could not be told (${error.message})`);
    return [];
  }
}
