import type {
  InteractionRoute, JsonInteractionHandlerInput, JsonRepresentation, JsonView, PodStore,
} from '@solid/community-server';
import {
  BadRequestHttpError, ConflictHttpError, JsonInteractionHandler, parsePath, verifyAccountId,
} from '@solid/community-server';
import type { MovedPod, MovedPodStore } from './MovedPodStore';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An absolute http(s) URL, normalised, or a 400 naming the field. */
function httpUrl(value: unknown, field: string): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRequestHttpError(`${field} is required: the absolute http(s) URL of the new place.`);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BadRequestHttpError(`${field} must be an absolute http(s) URL; got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestHttpError(`${field} must be an http or https URL; got ${JSON.stringify(value)}.`);
  }
  if (url.username || url.password) {
    throw new BadRequestHttpError(`${field} must not contain credentials.`);
  }
  return url;
}

/**
 * The account API route that marks a pod as moved (docs/move.md, "Moved pods"):
 * `POST <pod resource URL>move/` with `{ "newPod": "https://…/", "newWebId"?: "…", "graceDays"?: 30 }`.
 * Only the account that created the pod may do it (checked like CSS's own pod routes); the old URLs then
 * redirect (308) to the new pod for `graceDays` days, then answer 410; the name is never given to anyone
 * else. A pod moves once: a second request gets 409. `GET` on the route tells whether the pod moved.
 */
export class MovePodHandler extends JsonInteractionHandler implements JsonView {
  private readonly podStore: PodStore;
  private readonly moveRoute: InteractionRoute<'accountId' | 'podId'>;
  private readonly movedPods: MovedPodStore;
  private readonly defaultGraceDays: number;
  private readonly maxGraceDays: number;

  /**
   * @param podStore - CSS's pod records (who created which pod).
   * @param moveRoute - This route: `<pod resource URL>move/`.
   * @param movedPods - Where moves are recorded.
   * @param defaultGraceDays - Days of redirects when the request does not say.
   * @param maxGraceDays - The longest grace period a request may ask for.
   */
  public constructor(podStore: PodStore, moveRoute: InteractionRoute<'accountId' | 'podId'>, movedPods: MovedPodStore,
    defaultGraceDays = 30, maxGraceDays = 366) {
    super();
    this.podStore = podStore;
    this.moveRoute = moveRoute;
    this.movedPods = movedPods;
    this.defaultGraceDays = defaultGraceDays;
    this.maxGraceDays = maxGraceDays;
  }

  public async getView({ accountId, target }: JsonInteractionHandlerInput): Promise<JsonRepresentation> {
    const pod = await this.verifiedPod(target.path, accountId);
    const moved = await this.movedPods.get(pod);
    return { json: {
      pod,
      fields: { newPod: 'required, absolute http(s) URL ending in /', newWebId: 'optional, absolute http(s) URL',
        graceDays: `optional, number of days ≥ 0 (default ${this.defaultGraceDays}, at most ${this.maxGraceDays})` },
      ...moved ? { moved: this.describe(moved) } : {},
    }};
  }

  public async handle({ accountId, target, json }: JsonInteractionHandlerInput): Promise<JsonRepresentation> {
    const pod = await this.verifiedPod(target.path, accountId);
    const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    const newPod = httpUrl(body.newPod, 'newPod');
    if (!newPod.pathname.endsWith('/') || newPod.search || newPod.hash) {
      throw new BadRequestHttpError(`newPod must be a container URL ending in / without query or fragment; got ${
        JSON.stringify(body.newPod)}.`);
    }
    if (newPod.href === pod) {
      throw new BadRequestHttpError('newPod is this pod itself; give the URL of the pod it moves to.');
    }
    if (newPod.href.startsWith(pod)) {
      throw new BadRequestHttpError(`newPod ${newPod.href} is inside the pod that moves away (${pod}).`);
    }
    const newWebId = body.newWebId === undefined || body.newWebId === null ? undefined : httpUrl(body.newWebId, 'newWebId').href;
    let graceDays = this.defaultGraceDays;
    if (body.graceDays !== undefined && body.graceDays !== null) {
      if (typeof body.graceDays !== 'number' || !Number.isFinite(body.graceDays) || body.graceDays < 0 ||
        body.graceDays > this.maxGraceDays) {
        throw new BadRequestHttpError(`graceDays must be a number of days from 0 to ${this.maxGraceDays}.`);
      }
      ({ graceDays } = body as { graceDays: number });
    }
    if (await this.movedPods.get(pod)) {
      throw new ConflictHttpError(`Pod ${pod} has already moved.`);
    }
    const record: MovedPod = { pod, newPod: newPod.href, movedAt: Date.now(), graceDays };
    if (newWebId) {
      record.newWebId = newWebId;
    }
    await this.movedPods.set(record);
    return { json: this.describe(record) };
  }

  private describe(record: MovedPod): Record<string, string | number> {
    return {
      pod: record.pod,
      newPod: record.newPod,
      ...record.newWebId ? { newWebId: record.newWebId } : {},
      movedAt: new Date(record.movedAt).toISOString(),
      graceDays: record.graceDays,
      redirectsUntil: new Date(record.movedAt + (record.graceDays * DAY_MS)).toISOString(),
    };
  }

  /** The base URL of the pod in the route, checking that the account created it (404 otherwise). */
  private async verifiedPod(path: string, accountId: string | undefined): Promise<string> {
    const { podId } = parsePath(this.moveRoute, path);
    const pod = await this.podStore.get(podId);
    verifyAccountId(accountId, pod?.accountId);
    return pod.baseUrl;
  }
}
