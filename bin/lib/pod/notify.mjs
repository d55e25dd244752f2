// "Moved" notices to the peers of a pod that moved (docs/move-aliases.md): the people its ACLs share with, plus
// given contacts, each told through the Linked Data Notifications inbox their WebID profile names, with an
// ActivityStreams `Move` in JSON-LD. One peer that cannot be reached never stops the others.
import { randomUUID } from 'node:crypto';
import { Parser } from 'n3';

const ACL = 'http://www.w3.org/ns/auth/acl#';
const LDP_INBOX = 'http://www.w3.org/ns/ldp#inbox';
const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
const OWL = 'http://www.w3.org/2002/07/owl#';
/** IRIs that name everyone, or every signed-in agent, even when an ACL (wrongly) puts them in `acl:agent`. */
const CLASSES = new Set([ 'http://xmlns.com/foaf/0.1/Agent', `${ACL}AuthenticatedAgent` ]);
const LOCALHOST_NAMES = new Set([ 'localhost', '127.0.0.1', '[::1]' ]);
const REDIRECTS = new Set([ 301, 302, 303, 307, 308 ]);
const MAX_REDIRECTS = 3;
/** Largest profile document read, in bytes. */
export const MAX_PROFILE_BYTES = 512 * 1024;

/**
 * Whether the tool may talk to `url`: https anywhere, http only on localhost (development servers).
 * @param {string} url
 * @returns {boolean}
 */
export function isAllowedPeerUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) {
    return false;
  }
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOCALHOST_NAMES.has(parsed.hostname));
}

/**
 * The agents a pod shares with, to be told that it moved: every IRI named by `acl:agent` in its ACLs, plus the
 * given contacts, minus the person's own WebIDs, minus the agent classes (everyone, every signed-in agent)
 * and anything an ACL names as a group (`acl:agentGroup`: a group is not a person; its members are not
 * listed here). Only http(s) IRIs are kept. An ACL that is not valid Turtle is skipped, with a message in
 * `warnings` when given.
 * @param {{ aclTurtles: Array<{ url: string, turtle: string }>, contacts?: string[], ownWebIds: string[],
 *   warnings?: string[] }} options
 * @returns {string[]} sorted, without duplicates
 */
export function peersOf({ aclTurtles, contacts = [], ownWebIds, warnings }) {
  const agents = new Set();
  const groups = new Set();
  for (const { url, turtle } of aclTurtles) {
    let quads;
    try {
      quads = new Parser({ baseIRI: url, format: 'text/turtle' }).parse(turtle);
    } catch (error) {
      warnings?.push(`${url}: not valid Turtle, its agents are not told (${error.message})`);
      continue;
    }
    for (const { predicate, object } of quads) {
      if (object.termType !== 'NamedNode') {
        continue;
      }
      if (predicate.value === `${ACL}agent`) {
        agents.add(object.value);
      } else if (predicate.value === `${ACL}agentGroup`) {
        groups.add(object.value);
      }
    }
  }
  for (const contact of contacts) {
    agents.add(contact);
  }
  const own = new Set(ownWebIds);
  return [ ...agents ].filter((agent) => !own.has(agent) && !CLASSES.has(agent) && !groups.has(agent) &&
    /^https?:\/\//u.test(agent)).sort();
}

/**
 * The ActivityStreams 2.0 notice (JSON-LD) telling a peer that a pod moved; see docs/move-aliases.md.
 * `actor` is the person under their old WebID, the one the peer knows, with `owl:sameAs` their new WebID when
 * it changed (exactly what both profiles state); `object` and `origin` are the old pod, `target` the new one.
 * @param {{ oldWebId: string, newWebId?: string | null, oldPod: string, newPod: string, published?: Date }} options
 * @returns {Record<string, unknown>}
 */
export function moveNotice({ oldWebId, newWebId, oldPod, newPod, published = new Date() }) {
  const actor = newWebId && newWebId !== oldWebId ?
    { id: oldWebId, 'owl:sameAs': { id: newWebId }} :
    { id: oldWebId };
  return {
    '@context': [ AS_CONTEXT, { owl: OWL }],
    id: `urn:uuid:${randomUUID()}`,
    type: 'Move',
    actor,
    object: oldPod,
    origin: oldPod,
    target: newPod,
    published: published.toISOString(),
    summaryMap: {
      fr: `Ce cartable a déménagé de ${oldPod} vers ${newPod}.`,
      en: `This pod moved from ${oldPod} to ${newPod}.`,
    },
  };
}

/**
 * @typedef {object} PeerResult
 * @property {string} agent the peer's WebID
 * @property {string | null} inbox where the notice went (or would have gone)
 * @property {'sent' | 'no-inbox' | 'failed'} status
 * @property {string} [reason] why not sent
 */

/**
 * Runs `promise` with a time limit.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
async function within(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([ promise, new Promise((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout: ${what} took more than ${ms / 1000} s`)), ms);
    }) ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads at most `max` bytes of a response body as text.
 * @param {Response} response
 * @param {number} max
 * @returns {Promise<string>}
 */
async function boundedText(response, max) {
  if (Number(response.headers.get('content-length') ?? 0) > max) {
    await response.body?.cancel();
    throw new Error(`the profile is larger than ${max} bytes`);
  }
  if (!response.body) {
    return '';
  }
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.length;
    if (size > max) {
      await reader.cancel();
      throw new Error(`the profile is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A `(url, init) => Promise<Response>` that adds the Authorization header given for that URL, if any.
 * @param {(url: string, init?: any) => Promise<Response>} doFetch
 * @param {((url: string) => Promise<string | null | undefined>) | undefined} authorization
 * @returns {(url: string, init?: any) => Promise<Response>}
 */
function authorized(doFetch, authorization) {
  return async(url, init = {}) => {
    const header = authorization ? await authorization(url) : null;
    return doFetch(url, header ? { ...init, headers: { ...init.headers, authorization: header }} : init);
  };
}

/**
 * The inbox named by the profile of `agent` (`<agent> ldp:inbox <inbox>`), or null. Redirects are followed
 * (at most 3), each to an allowed URL.
 * @param {string} agent
 * @param {(url: string, init?: any) => Promise<Response>} request
 * @returns {Promise<string | null>}
 */
async function inboxOf(agent, request) {
  let url = agent.replace(/#.*$/u, '');
  for (let redirects = 0; ; redirects += 1) {
    const response = await request(url, { headers: { accept: 'text/turtle' }, redirect: 'manual' });
    if (REDIRECTS.has(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location || redirects >= MAX_REDIRECTS) {
        throw new Error(`profile: too many redirects, or a redirect without Location, at ${url}`);
      }
      url = new URL(location, url).href;
      if (!isAllowedPeerUrl(url)) {
        throw new Error(`profile: redirected to ${url}, which is neither https nor on localhost`);
      }
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`profile: HTTP ${response.status}`);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/turtle') {
      await response.body?.cancel();
      throw new Error(`profile: content type "${type}", expected text/turtle`);
    }
    const quads = new Parser({ baseIRI: url, format: 'text/turtle' }).parse(await boundedText(response, MAX_PROFILE_BYTES));
    const inbox = quads.find((quad) => quad.subject.value === agent && quad.predicate.value === LDP_INBOX &&
      quad.object.termType === 'NamedNode');
    return inbox ? inbox.object.value : null;
  }
}

/**
 * Tells each peer that the pod moved: reads the peer's WebID profile (Turtle), finds its `ldp:inbox` and
 * POSTs {@link moveNotice} there as `application/ld+json`. Peers sharing an inbox get one notice. Only https
 * URLs, and http on localhost, are contacted (profiles, redirects and inboxes). Never throws for a peer: each
 * gets a result, in the order of `peers`.
 * @param {object} options
 * @param {Iterable<string>} options.peers WebIDs, e.g. from {@link peersOf}
 * @param {string} options.oldWebId
 * @param {string | null} [options.newWebId] when the WebID changed too
 * @param {string} options.oldPod
 * @param {string} options.newPod
 * @param {(url: string, init?: any) => Promise<Response>} [options.fetch] default the global fetch
 * @param {(url: string) => Promise<string | null | undefined>} [options.authorization] the Authorization header
 *   to send to a URL, or nothing; the caller decides which servers may see credentials (default none: inboxes
 *   that only accept signed-in agents then answer 401, reported as failed)
 * @param {number} [options.timeoutMs] per peer, profile and notice together (default 10000)
 * @param {number} [options.concurrency] peers at a time (default 4)
 * @param {Date} [options.published] the notice's date (default now)
 * @returns {Promise<PeerResult[]>}
 */
export async function notifyPeers({ peers, oldWebId, newWebId = null, oldPod, newPod, fetch: doFetch = fetch,
  authorization, timeoutMs = 10_000, concurrency = 4, published = new Date() }) {
  const request = authorized(doFetch, authorization);
  const body = JSON.stringify(moveNotice({ oldWebId, newWebId, oldPod, newPod, published }));
  const list = [ ...new Set(peers) ];
  /** @type {PeerResult[]} */
  const results = Array.from({ length: list.length });
  /** @type {Map<string, Promise<{ status: 'sent' | 'failed', reason?: string }>>} */
  const sentTo = new Map();

  /** @param {string} inbox */
  const post = async(inbox) => {
    const response = await request(inbox, {
      method: 'POST', headers: { 'content-type': 'application/ld+json' }, body, redirect: 'manual',
    });
    await response.body?.cancel();
    return response.ok ? { status: 'sent' } : { status: 'failed', reason: `inbox: HTTP ${response.status}` };
  };

  /**
   * @param {string} agent
   * @returns {Promise<PeerResult>}
   */
  const tell = async(agent) => {
    if (!isAllowedPeerUrl(agent)) {
      return { agent, inbox: null, status: 'failed', reason: 'not contacted: neither https nor on localhost' };
    }
    let inbox = null;
    try {
      inbox = await within(inboxOf(agent, request), timeoutMs, 'reading the profile');
      if (!inbox) {
        return { agent, inbox: null, status: 'no-inbox' };
      }
      if (!isAllowedPeerUrl(inbox)) {
        return { agent, inbox, status: 'failed', reason: 'not contacted: the inbox is neither https nor on localhost' };
      }
      let sending = sentTo.get(inbox);
      if (!sending) {
        sending = within(post(inbox), timeoutMs, 'sending the notice');
        sentTo.set(inbox, sending);
      }
      return { agent, inbox, ...await sending };
    } catch (error) {
      return { agent, inbox, status: 'failed', reason: error?.message ?? String(error) };
    }
  };

  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, list.length)) }, async() => {
    while (next < list.length) {
      const index = next;
      next += 1;
      results[index] = await tell(list[index]);
    }
  });
  await Promise.all(workers);
  return results;
}
