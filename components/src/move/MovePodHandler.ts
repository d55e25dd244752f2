import type {
  InteractionRoute, JsonInteractionHandlerInput, JsonRepresentation, JsonView, PodStore,
} from '@solid/community-server';
import { ConflictHttpError, JsonInteractionHandler, parsePath, verifyAccountId } from '@solid/community-server';
import type { MovedPod, MovedPodStore } from './MovedPodStore';
import { movedPodRecord, parseMoveRequest, redirectsUntil } from './MoveRequest';

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
    const request = parseMoveRequest(pod, body,
      { defaultGraceDays: this.defaultGraceDays, maxGraceDays: this.maxGraceDays });
    if (await this.movedPods.get(pod)) {
      throw new ConflictHttpError(`Pod ${pod} has already moved.`);
    }
    const record = movedPodRecord(pod, request);
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
      redirectsUntil: new Date(redirectsUntil(record)).toISOString(),
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
