import type { HttpHandlerInput, HttpRequest, HttpResponse } from '@solid/community-server';
import { ensureTrailingSlash, HttpHandler, NotImplementedHttpError } from '@solid/community-server';
import { prefixLines, turtleIri } from '../util/Turtle';
import type { MovedPod, MovedPodStore } from './MovedPodStore';
import { redirectsUntil } from './MoveRequest';
import type { PodLock, PodLockStore } from './PodLockStore';

// Thrown for every request that is not under a moved or locked pod: one shared instance, so the common case
// builds no error (and captures no stack trace) in the waterfall.
const NOT_MOVED = new NotImplementedHttpError('Not under a moved or locked pod');

// Paths that need normalising as CSS does (percent-encoding, dot segments, backslashes, repeated slashes)
// before the pod can be told; plain paths skip it.
const UNUSUAL_PATH = /%|\\|\/\.|\/\//u;

// Methods refused inside a locked pod.
const WRITE_METHODS = new Set([ 'PUT', 'POST', 'PATCH', 'DELETE' ]);

/** The pod a request URL falls under: its base URL and what follows the pod's name (`/rest?query` or less). */
interface PodPlace {
  pod: string;
  after: string;
}

/** Where a request under a moved pod goes. */
export interface MovedPodTarget {
  record: MovedPod;
  /** The path below the pod's base (no leading slash), still percent-encoded. */
  rest: string;
  /** The query string with its `?`, or empty. */
  query: string;
}

/**
 * Answers every request under a pod that moved away (docs/move.md, "Moved pods"), before anything else in the
 * `BaseHttpHandler` waterfall but after the middleware, so CORS headers are still added:
 * - the WebID profile document (`<pod>profile/card`) stays served, as a small public document pointing to the
 *   new storage, stating `owl:sameAs` the new WebID when the WebID moved too, and keeping the old
 *   `solid:oidcIssuer` so that tokens issued for the old WebID still verify; writes to it get 405;
 * - everything else answers 308 to the same path under the new pod (query string kept) for the grace period,
 *   then 410 Gone with a short text saying where the pod went.
 * It also answers writes (PUT, POST, PATCH, DELETE) inside a pod locked for a move (docs/move-api.md) with
 * 423 Locked, `Retry-After` and a message (JSON when the client accepts JSON); reads go on as usual.
 * Other requests cost one `Map` lookup (none while no pod is moved or locked) and fall through.
 */
export class MovedPodHttpHandler extends HttpHandler {
  private readonly store: MovedPodStore;
  private readonly baseUrl: string;
  private readonly basePath: string;
  private readonly profilePath: string;
  private readonly oidcIssuer: string;
  private readonly profileMaxAge: number;
  private readonly locks?: PodLockStore;

  /**
   * @param store - The moved pods.
   * @param baseUrl - The server's base URL; pods are `<baseUrl><name>/`.
   * @param oidcIssuer - The issuer named in the profiles of moved pods (this server's).
   * @param profilePath - The WebID profile document, relative to the pod.
   * @param profileMaxAge - Seconds the profile document may be cached.
   * @param locks - Pods locked for a move, read-only until their lock ends; none when absent.
   */
  public constructor(store: MovedPodStore, baseUrl: string, oidcIssuer: string, profilePath = 'profile/card',
    profileMaxAge = 300, locks?: PodLockStore) {
    super();
    this.store = store;
    this.baseUrl = ensureTrailingSlash(baseUrl);
    this.basePath = new URL(this.baseUrl).pathname;
    this.oidcIssuer = oidcIssuer;
    this.profilePath = profilePath;
    this.profileMaxAge = profileMaxAge;
    this.locks = locks;
  }

  public override async canHandle({ request }: HttpHandlerInput): Promise<void> {
    if (!this.decide(request)) {
      throw NOT_MOVED;
    }
  }

  public override async handle({ request, response }: HttpHandlerInput): Promise<void> {
    const decision = this.decide(request);
    if (!decision) {
      throw NOT_MOVED;
    }
    if ('lock' in decision) {
      this.locked(decision.lock, request, response);
      return;
    }
    const { record, rest, query } = decision;
    const head = request.method === 'HEAD';
    if (rest === this.profilePath) {
      this.profile(record, request.method ?? 'GET', response);
      return;
    }
    if (this.now() < redirectsUntil(record)) {
      const location = `${record.newPod}${rest}${query}`;
      response.writeHead(308, { location, 'content-type': 'text/plain; charset=utf-8' });
      response.end(head ? undefined : `This pod moved to ${record.newPod}\nThis resource is now at ${location}\n`);
      return;
    }
    response.writeHead(410, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(head ?
      undefined :
      `This pod moved to ${record.newPod} on ${new Date(record.movedAt).toISOString().slice(0, 10)}; ` +
      'its old addresses are no longer redirected.\n');
  }

  /**
   * The moved pod a request URL (path and query, as received) falls under, or `undefined`. The common case
   * (a plain path) costs a scan of the first path segment, a string concatenation and one `Map` lookup.
   */
  public target(url: string | undefined): MovedPodTarget | undefined {
    if (!this.store.hasAny()) {
      return undefined;
    }
    const place = this.place(url);
    const record = place && this.store.find(place.pod);
    return record && this.split(record, place.after);
  }

  /**
   * What to do with a request: redirect it (moved pod), refuse it (write inside a locked pod) or nothing.
   * Preflights are never touched: CORS middleware answers them.
   */
  private decide(request: HttpRequest): MovedPodTarget | { lock: PodLock } | undefined {
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      return undefined;
    }
    const moved = this.store.hasAny();
    const locked = this.locks !== undefined && WRITE_METHODS.has(method) && this.locks.hasAny();
    if (!moved && !locked) {
      return undefined;
    }
    const place = this.place(request.url);
    if (!place) {
      return undefined;
    }
    const record = moved ? this.store.find(place.pod) : undefined;
    if (record) {
      return this.split(record, place.after);
    }
    const lock = locked ? this.locks.find(place.pod) : undefined;
    return lock ? { lock } : undefined;
  }

  /** The pod of a request URL, or `undefined` when it is outside the server's first-level containers. */
  private place(url: string | undefined): PodPlace | undefined {
    if (!url) {
      return undefined;
    }
    if (UNUSUAL_PATH.test(url)) {
      return this.unusualPlace(url);
    }
    const start = this.basePath.length;
    if (!url.startsWith(this.basePath)) {
      return undefined;
    }
    let end = start;
    while (end < url.length) {
      const code = url.charCodeAt(end);
      // `/`, `?` and `#` end the first segment.
      if (code === 47 || code === 63 || code === 35) {
        break;
      }
      end += 1;
    }
    if (end === start) {
      return undefined;
    }
    return { pod: `${this.baseUrl}${url.slice(start, end)}/`, after: url.slice(end) };
  }

  /** Current time in milliseconds; tests override it. */
  protected now(): number {
    return Date.now();
  }

  /** The pod of a URL whose path CSS would normalise first. */
  private unusualPlace(url: string): PodPlace | undefined {
    const queryStart = url.search(/[?#]/u);
    const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
    let path: string;
    try {
      // Collapse repeated slashes as CSS does, resolve dot segments and backslashes as the WHATWG URL parser
      // does, then decode each segment.
      path = new URL(rawPath.replace(/\/{2,}/gu, '/'), 'http://host.invalid').pathname.split('/')
        .map((segment): string => encodeURIComponent(decodeURIComponent(segment))).join('/');
    } catch {
      return undefined;
    }
    if (!path.startsWith(this.basePath)) {
      return undefined;
    }
    const remainder = path.slice(this.basePath.length);
    const slash = remainder.indexOf('/');
    const name = slash < 0 ? remainder : remainder.slice(0, slash);
    if (!name) {
      return undefined;
    }
    return { pod: `${this.baseUrl}${name}/`,
      after: `${slash < 0 ? '' : remainder.slice(slash)}${queryStart < 0 ? '' : url.slice(queryStart)}` };
  }

  /** Splits what follows the pod's name (`/rest?query`, `?query` or nothing) into path and query. */
  private split(record: MovedPod, after: string): MovedPodTarget {
    const hash = after.indexOf('#');
    const tail = hash < 0 ? after : after.slice(0, hash);
    const question = tail.indexOf('?');
    const path = question < 0 ? tail : tail.slice(0, question);
    return {
      record,
      rest: path.startsWith('/') ? path.slice(1) : path,
      query: question < 0 ? '' : tail.slice(question),
    };
  }

  /** 423 for a write inside a locked pod, with the time the lock ends. */
  private locked(lock: PodLock, request: HttpRequest, response: HttpResponse): void {
    const until = new Date(lock.until).toISOString();
    const retryAfter = Math.max(1, Math.ceil((lock.until - this.now()) / 1000));
    const message = `The pod ${lock.pod} is read-only while it moves to another server, until ${until} at the latest. ` +
      'Reading still works; try this change again later (at its new address once the move is done).';
    // Browser apps may read Retry-After too: CSS's CORS middleware does not expose it.
    const exposed = response.getHeader('access-control-expose-headers');
    const headers: Record<string, string> = { 'retry-after': String(retryAfter), 'cache-control': 'no-store' };
    if (exposed !== undefined) {
      headers['access-control-expose-headers'] = `${String(exposed)},Retry-After`;
    }
    const accept = request.headers.accept ?? '';
    if (accept.includes('json')) {
      headers['content-type'] = 'application/json';
      response.writeHead(423, headers);
      response.end(JSON.stringify({ error: message, pod: lock.pod, until }));
      return;
    }
    headers['content-type'] = 'text/plain; charset=utf-8';
    response.writeHead(423, headers);
    response.end(`${message}\n`);
  }

  /** The profile document of a moved pod: read-only, public, pointing to the new storage (and WebID). */
  private profile(record: MovedPod, method: string, response: HttpResponse): void {
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD, OPTIONS', 'content-type': 'text/plain; charset=utf-8' });
      response.end(`This profile belongs to a pod that moved to ${record.newPod}; it can no longer be changed here.\n`);
      return;
    }
    const document = `${record.pod}${this.profilePath}`;
    const lines = [
      prefixLines('foaf', 'pim', 'solid'),
      '@prefix owl: <http://www.w3.org/2002/07/owl#>.\n\n',
      `${turtleIri(document)} a foaf:PersonalProfileDocument; foaf:primaryTopic ${turtleIri(`${document}#me`)}.\n`,
      `${turtleIri(`${document}#me`)}\n`,
      `  pim:storage ${turtleIri(record.newPod)};\n`,
      `  solid:storage ${turtleIri(record.newPod)};\n`,
      record.newWebId ? `  owl:sameAs ${turtleIri(record.newWebId)};\n` : '',
      `  solid:oidcIssuer ${turtleIri(this.oidcIssuer)}.\n`,
    ];
    const body = Buffer.from(lines.join(''), 'utf8');
    response.writeHead(200, {
      'content-type': 'text/turtle',
      'content-length': String(body.length),
      'cache-control': `public, max-age=${this.profileMaxAge}`,
    });
    response.end(method === 'HEAD' ? undefined : body);
  }
}
