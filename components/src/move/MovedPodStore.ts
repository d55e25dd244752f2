import type { KeyValueStorage, ResourceIdentifier } from '@solid/community-server';
import { getLoggerFor, Initializer } from '@solid/community-server';
import type { RetiredPodNameChecker } from '../pods/ValidatingPodCreator';

/** A pod that moved away: its old base URL, where it went, and for how long the old URLs redirect. */
export interface MovedPod {
  /** Old base URL, ending in `/`. */
  pod: string;
  /** New base URL, ending in `/`. */
  newPod: string;
  /** New WebID, when the WebID moved too. */
  newWebId?: string;
  /** When the move was recorded, milliseconds since the epoch. */
  movedAt: number;
  /** Days during which the old URLs answer 308; 410 afterwards. */
  graceDays: number;
}

function isMovedPod(value: unknown): value is MovedPod {
  const record = value as Partial<MovedPod> | undefined;
  return typeof record?.pod === 'string' && typeof record.newPod === 'string' &&
    typeof record.movedAt === 'number' && typeof record.graceDays === 'number' &&
    (record.newWebId === undefined || typeof record.newWebId === 'string');
}

/**
 * The pods that moved away (docs/move.md, "Moved pods"), kept in a key-value storage (one entry per pod, the
 * key is the old base URL in base64url) with an in-memory copy so that a request costs one `Map` lookup.
 * The copy holds moved pods only, is loaded when the server starts (this is an initializer) and is reloaded
 * at most every `refreshSeconds` when looked up, so that other workers' moves show up.
 * Moved pods are never forgotten: their names are never given to anyone else.
 */
export class MovedPodStore extends Initializer implements RetiredPodNameChecker {
  protected readonly logger = getLoggerFor(this);
  private readonly storage: KeyValueStorage<string, unknown>;
  private readonly refreshMs: number;
  private cache = new Map<string, MovedPod>();
  private nextRefresh = 0;
  private refreshing?: Promise<void>;
  private writesDuringRefresh?: MovedPod[];

  /**
   * @param storage - Where the moves are kept.
   * @param refreshSeconds - How old the in-memory copy may get.
   */
  public constructor(storage: KeyValueStorage<string, unknown>, refreshSeconds = 5) {
    super();
    this.storage = storage;
    this.refreshMs = refreshSeconds * 1000;
  }

  /** Loads the moves when the server starts. */
  public override async handle(): Promise<void> {
    await this.refresh();
  }

  /** The move of the pod with this base URL, from memory (reloaded in the background when stale). */
  public find(pod: string): MovedPod | undefined {
    this.refreshIfStale();
    return this.cache.get(pod);
  }

  /**
   * Whether any pod moved, from memory (reloaded in the background when stale). The request path asks this
   * first, so that other workers' moves show up even in a worker that knows of none yet.
   */
  public hasAny(): boolean {
    this.refreshIfStale();
    return this.cache.size > 0;
  }

  /** The move of the pod with this base URL, read from the storage. */
  public async get(pod: string): Promise<MovedPod | undefined> {
    const value = await this.storage.get(this.keyFor(pod));
    return isMovedPod(value) ? value : undefined;
  }

  /** Records a move (replacing an earlier record of the same pod). */
  public async set(record: MovedPod): Promise<void> {
    const clean: MovedPod = { pod: record.pod, newPod: record.newPod, movedAt: record.movedAt, graceDays: record.graceDays };
    if (record.newWebId) {
      clean.newWebId = record.newWebId;
    }
    await this.storage.set(this.keyFor(record.pod), clean);
    this.cache.set(clean.pod, clean);
    this.writesDuringRefresh?.push(clean);
  }

  /** A name is retired when its pod moved away: asked by the pod creator, read from the storage. */
  public async isRetired(base: ResourceIdentifier): Promise<boolean> {
    return this.storage.has(this.keyFor(base.path));
  }

  /** How many moved pods are in memory. */
  public get size(): number {
    return this.cache.size;
  }

  /** Reloads the in-memory copy; one reload at a time, failures keep the previous copy. */
  public async refresh(): Promise<void> {
    this.refreshing ??= (async(): Promise<void> => {
      this.writesDuringRefresh = [];
      try {
        const next = new Map<string, MovedPod>();
        for await (const [ , value ] of this.storage.entries()) {
          if (isMovedPod(value)) {
            next.set(value.pod, value);
          }
        }
        for (const written of this.writesDuringRefresh) {
          next.set(written.pod, written);
        }
        this.cache = next;
      } catch (error: unknown) {
        this.logger.error(`Could not load the moved pods: ${(error as Error).message}`);
      } finally {
        this.refreshing = undefined;
        this.writesDuringRefresh = undefined;
      }
    })();
    return this.refreshing;
  }

  private refreshIfStale(): void {
    if (this.refreshMs >= 0) {
      const now = Date.now();
      if (now >= this.nextRefresh) {
        this.nextRefresh = now + this.refreshMs;
        void this.refresh();
      }
    }
  }

  private keyFor(pod: string): string {
    return Buffer.from(pod, 'utf8').toString('base64url');
  }
}
