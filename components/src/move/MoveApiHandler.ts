import type { HttpHandlerInput, HttpRequest, HttpResponse } from '@solid/community-server';
import {
  BadRequestHttpError, ConflictHttpError, getLoggerFor, HttpError, HttpHandler, NotImplementedHttpError,
} from '@solid/community-server';
import { PayloadHttpError } from '@solid/community-server/dist/util/errors/PayloadHttpError';
import type { MovedPod, MovedPodStore } from './MovedPodStore';
import { movedPodRecord, parseMoveRequest, redirectsUntil } from './MoveRequest';
import type { PodFileLister, PodFiles } from './PodFileLister';
import type { PodLock, PodLockStore } from './PodLockStore';
import type { PodOwnerAuthorizer } from './PodOwnerAuthorizer';
import type { PodQuota, PodQuotaReader } from './PodQuotaReader';

const MINUTE_MS = 60 * 1000;
const MAX_BODY_CHARS = 10_000;

/** The answer of `GET` and of every successful `POST`: where the pod stands. */
export interface PodMoveState {
  pod: string;
  state: 'active' | 'locked' | 'moved';
  quota: PodQuota | null;
  locked?: { since: string; until: string };
  moved?: { newPod: string; newWebId?: string; movedAt: string; redirectsUntil: string };
}

/**
 * The move API (docs/move-api.md) at `<base>/.cartable/move/`, for the owners of a pod (Solid-OIDC access
 * tokens, checked by {@link PodOwnerAuthorizer}) and the tools moving it (`npx cartable pod move`, the apps):
 * - `GET ?pod=<pod URL>`: the pod's state (`active`, `locked`, `moved`) and quota;
 * - `POST {"pod", "action": "lock", "minutes"?}`: the pod becomes read-only (writes inside it answer 423) until
 *   the lock is released or ends by itself; locking again renews it;
 * - `POST {"pod", "action": "unlock"}`: releases the lock;
 * - `POST {"pod", "action": "moved", "newPod", "newWebId"?, "graceDays"?}`: marks the pod moved (same rules as
 *   the account API route, {@link MovePodHandler}) and releases the lock.
 * JSON in and out; errors are `{"error": "<English message>"}` with the matching status (400, 401, 403, 404,
 * 405, 409, 413, 500).
 */
export class MoveApiHandler extends HttpHandler {
  protected readonly logger = getLoggerFor(this);
  private readonly authorizer: PodOwnerAuthorizer;
  private readonly movedPods: MovedPodStore;
  private readonly locks: PodLockStore;
  private readonly quota?: PodQuotaReader;
  private readonly fileLister?: PodFileLister;
  private readonly path: string;
  private readonly defaultLockMinutes: number;
  private readonly maxLockMinutes: number;
  private readonly defaultGraceDays: number;
  private readonly maxGraceDays: number;
  /** Changes to one pod are made one at a time (in this worker). */
  private readonly queues = new Map<string, Promise<unknown>>();

  /**
   * @param authorizer - Authenticates the agent and checks that it owns the pod.
   * @param movedPods - Where moves are recorded.
   * @param locks - Where locks are kept.
   * @param baseUrl - The server's base URL; the API is at `<baseUrl>.cartable/move/`.
   * @param quota - Reads a pod's quota; without it the state has `"quota": null`.
   * @param defaultLockMinutes - Length of a lock when the request does not say.
   * @param maxLockMinutes - The longest lock a request may ask for.
   * @param defaultGraceDays - Days of redirects when a `moved` request does not say.
   * @param maxGraceDays - The longest grace period a `moved` request may ask for.
   * @param fileLister - Lists a pod's ACLs and document sizes (`GET ?pod=…&list=files`); without it, 501.
   */
  public constructor(authorizer: PodOwnerAuthorizer, movedPods: MovedPodStore, locks: PodLockStore, baseUrl: string,
    quota?: PodQuotaReader, defaultLockMinutes = 120, maxLockMinutes = 1440, defaultGraceDays = 30,
    maxGraceDays = 366, fileLister?: PodFileLister) {
    super();
    this.fileLister = fileLister;
    this.authorizer = authorizer;
    this.movedPods = movedPods;
    this.locks = locks;
    this.quota = quota;
    this.path = `${new URL(baseUrl).pathname}.cartable/move/`;
    this.defaultLockMinutes = defaultLockMinutes;
    this.maxLockMinutes = maxLockMinutes;
    this.defaultGraceDays = defaultGraceDays;
    this.maxGraceDays = maxGraceDays;
  }

  public override async canHandle({ request }: HttpHandlerInput): Promise<void> {
    const url = request.url ?? '';
    // `/.cartable/move/`, with or without the final slash, with or without a query.
    if (!url.startsWith(this.path.slice(0, -1)) || !/^\/?(?:\?|$)/u.test(url.slice(this.path.length - 1))) {
      throw new NotImplementedHttpError('Not the move API');
    }
  }

  public override async handle({ request, response }: HttpHandlerInput): Promise<void> {
    try {
      if (request.method === 'GET' || request.method === 'HEAD') {
        const query = new URL(request.url ?? '', 'http://host.invalid').searchParams;
        const list = query.get('list');
        if (list !== null && list !== 'files') {
          throw new BadRequestHttpError(`list must be "files"; got ${JSON.stringify(list)}.`);
        }
        const { pod: base } = await this.authorizer.ownerOf(request, query.get('pod') as string);
        this.send(response, 200, list ? await this.files(base) : await this.state(base), request.method === 'HEAD');
        return;
      }
      if (request.method === 'POST') {
        this.send(response, 200, await this.post(request));
        return;
      }
      response.setHeader('allow', 'GET, HEAD, POST, OPTIONS');
      this.send(response, 405, { error: `Method ${request.method} is not allowed here: GET ?pod=<pod URL> for the ` +
        'state of a pod, POST {"pod", "action"} to change it.' });
    } catch (error: unknown) {
      const status = HttpError.isInstance(error) ? error.statusCode : 500;
      if (status === 500) {
        this.logger.error(`Move API failed: ${(error as Error).message}`);
      }
      if (status === 401) {
        response.setHeader('www-authenticate', 'DPoP realm="Cartable", Bearer realm="Cartable"');
      }
      this.send(response, status, { error: (error as Error).message });
    }
  }

  private async post(request: HttpRequest): Promise<PodMoveState> {
    const body = await readJson(request);
    const { pod, webId } = await this.authorizer.ownerOf(request, body.pod as string);
    const { action } = body;
    if (action !== 'lock' && action !== 'unlock' && action !== 'moved') {
      throw new BadRequestHttpError(`action must be "lock", "unlock" or "moved"; got ${JSON.stringify(action)}.`);
    }
    return this.serialise(pod, async(): Promise<PodMoveState> => {
      if (action === 'lock') {
        await this.lock(pod, webId, body.minutes);
      } else if (action === 'unlock') {
        await this.locks.delete(pod);
      } else {
        await this.markMoved(pod, body);
      }
      return this.state(pod);
    });
  }

  private async lock(pod: string, webId: string, minutes: unknown): Promise<void> {
    let length = this.defaultLockMinutes;
    if (minutes !== undefined && minutes !== null) {
      if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 1 || minutes > this.maxLockMinutes) {
        throw new BadRequestHttpError(`minutes must be a number from 1 to ${this.maxLockMinutes}; got ${
          JSON.stringify(minutes)}.`);
      }
      length = minutes;
    }
    const moved = await this.movedPods.get(pod);
    if (moved) {
      throw new ConflictHttpError(`The pod ${pod} has already moved to ${moved.newPod}; it cannot be locked.`);
    }
    const now = Date.now();
    const current = await this.locks.get(pod);
    await this.locks.set({ pod, since: current?.since ?? now, until: now + (length * MINUTE_MS), webId });
  }

  private async markMoved(pod: string, body: Record<string, unknown>): Promise<void> {
    const request = parseMoveRequest(pod, body,
      { defaultGraceDays: this.defaultGraceDays, maxGraceDays: this.maxGraceDays });
    const moved = await this.movedPods.get(pod);
    if (moved) {
      throw new ConflictHttpError(`The pod ${pod} has already moved to ${moved.newPod}.`);
    }
    await this.movedPods.set(movedPodRecord(pod, request));
    await this.locks.delete(pod);
  }

  /** Where the pod stands, read from the storages. */
  private async state(pod: string): Promise<PodMoveState> {
    const [ moved, lock, quota ] = await Promise.all([ this.movedPods.get(pod), this.locks.get(pod), this.quotaOf(pod) ]);
    if (moved) {
      return { pod, state: 'moved', quota, moved: describeMove(moved) };
    }
    if (lock) {
      return { pod, state: 'locked', quota, locked: describeLock(lock) };
    }
    return { pod, state: 'active', quota };
  }

  /** The ACLs and document sizes of the pod, for `pod move` (501 when this server cannot tell). */
  private async files(pod: string): Promise<{ pod: string } & PodFiles> {
    if (!this.fileLister) {
      throw new NotImplementedHttpError('This server cannot list the files of a pod.');
    }
    try {
      return { pod, ...await this.fileLister.list(pod) };
    } catch (error: unknown) {
      this.logger.warn(`Could not list the files of ${pod}: ${(error as Error).message}`);
      throw new NotImplementedHttpError('The files of this pod cannot be listed here.');
    }
  }

  private async quotaOf(pod: string): Promise<PodQuota | null> {
    if (!this.quota) {
      return null;
    }
    try {
      return await this.quota.of(pod);
    } catch (error: unknown) {
      this.logger.warn(`Could not read the quota of ${pod}: ${(error as Error).message}`);
      return null;
    }
  }

  private async serialise<T>(pod: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(pod) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch((): void => undefined);
    this.queues.set(pod, settled);
    void settled.then((): void => {
      if (this.queues.get(pod) === settled) {
        this.queues.delete(pod);
      }
    });
    return next;
  }

  private send(response: HttpResponse, status: number, body: unknown, head = false): void {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(head ? undefined : JSON.stringify(body));
  }
}

function describeMove(record: MovedPod): NonNullable<PodMoveState['moved']> {
  return {
    newPod: record.newPod,
    ...record.newWebId ? { newWebId: record.newWebId } : {},
    movedAt: new Date(record.movedAt).toISOString(),
    redirectsUntil: new Date(redirectsUntil(record)).toISOString(),
  };
}

function describeLock(lock: PodLock): NonNullable<PodMoveState['locked']> {
  return { since: new Date(lock.since).toISOString(), until: new Date(lock.until).toISOString() };
}

/** The JSON object of a request body (at most {@link MAX_BODY_CHARS} characters), or a 400/413. */
async function readJson(request: HttpRequest): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) {
    text += (chunk as Buffer).toString();
    if (text.length > MAX_BODY_CHARS) {
      throw new PayloadHttpError(`The request body is larger than ${MAX_BODY_CHARS} characters.`);
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error: unknown) {
    throw new BadRequestHttpError(`Expected a JSON object such as {"pod": "<pod URL>", "action": "lock"}: ${
      (error as Error).message}.`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestHttpError('Expected a JSON object such as {"pod": "<pod URL>", "action": "lock"}.');
  }
  return body as Record<string, unknown>;
}
