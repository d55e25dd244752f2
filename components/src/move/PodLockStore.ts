import type { KeyValueStorage } from '@solid/community-server';
import { getLoggerFor, Initializer } from '@solid/community-server';

/** A pod made read-only while it moves: no write is accepted inside it from `since` until `until`. */
export interface PodLock {
  /** Base URL of the locked pod, ending in `/`. */
  pod: string;
  /** When the lock was taken, milliseconds since the epoch. */
  since: number;
  /** When the lock ends by itself, milliseconds since the epoch. */
  until: number;
  /** The WebID that took the lock. */
  webId?: string;
}

/** Expired locks stay stored (and ignored) this long before they are removed. */
const STALE_MS = 24 * 60 * 60 * 1000;

function isPodLock(value: unknown): value is PodLock {
  const lock = value as Partial<PodLock> | undefined;
  return typeof lock?.pod === 'string' && typeof lock.since === 'number' && typeof lock.until === 'number' &&
    (lock.webId === undefined || typeof lock.webId === 'string');
}

/**
 * Locks of pods being moved (docs/move-api.md), kept in a key-value storage (one entry per pod, the key is the
 * base URL in base64url) with an in-memory copy so that a request costs one `Map` lookup. Like
 * {@link MovedPodStore}, the copy is loaded when the server starts (this is an initializer) and reloaded at most
 * every `refreshSeconds` when looked up, so that other workers' locks show up. Every lock expires by itself:
 * a mover that crashed never leaves a pod read-only for ever; long-expired entries are removed when reloading.
 */
export class PodLockStore extends Initializer {
  protected readonly logger = getLoggerFor(this);
  private readonly storage: KeyValueStorage<string, unknown>;
  private readonly refreshMs: number;
  private cache = new Map<string, PodLock>();
  private nextRefresh = 0;
  private refreshing?: Promise<void>;
  private changesDuringRefresh?: [string, PodLock | undefined][];

  /**
   * @param storage - Where the locks are kept.
   * @param refreshSeconds - How old the in-memory copy may get (negative: never reloaded).
   */
  public constructor(storage: KeyValueStorage<string, unknown>, refreshSeconds = 5) {
    super();
    this.storage = storage;
    this.refreshMs = refreshSeconds * 1000;
  }

  /** Loads the locks when the server starts. */
  public override async handle(): Promise<void> {
    await this.refresh();
  }

  /**
   * Whether any pod may be locked, from memory; starts a background reload when the copy is stale. The request
   * path calls this first, so that other workers' locks show up even when this one has none.
   */
  public hasAny(): boolean {
    if (this.refreshMs >= 0) {
      const now = Date.now();
      if (now >= this.nextRefresh) {
        this.nextRefresh = now + this.refreshMs;
        void this.refresh();
      }
    }
    return this.cache.size > 0;
  }

  /** The current lock of the pod with this base URL, from memory. */
  public find(pod: string): PodLock | undefined {
    const lock = this.cache.get(pod);
    if (lock && lock.until <= this.now()) {
      this.cache.delete(pod);
      return undefined;
    }
    return lock;
  }

  /** The current lock of the pod with this base URL, read from the storage. */
  public async get(pod: string): Promise<PodLock | undefined> {
    const value = await this.storage.get(this.keyFor(pod));
    return isPodLock(value) && value.until > this.now() ? value : undefined;
  }

  /** Takes or renews a lock (replacing an earlier lock of the same pod). */
  public async set(lock: PodLock): Promise<void> {
    const clean: PodLock = { pod: lock.pod, since: lock.since, until: lock.until };
    if (lock.webId) {
      clean.webId = lock.webId;
    }
    await this.storage.set(this.keyFor(lock.pod), clean);
    this.cache.set(clean.pod, clean);
    this.changesDuringRefresh?.push([ clean.pod, clean ]);
  }

  /** Releases the lock of a pod, if any. */
  public async delete(pod: string): Promise<void> {
    await this.storage.delete(this.keyFor(pod));
    this.cache.delete(pod);
    this.changesDuringRefresh?.push([ pod, undefined ]);
  }

  /** Reloads the in-memory copy, without expired locks; one reload at a time, failures keep the previous copy. */
  public async refresh(): Promise<void> {
    this.refreshing ??= (async(): Promise<void> => {
      this.changesDuringRefresh = [];
      try {
        const next = new Map<string, PodLock>();
        const stale: string[] = [];
        const now = this.now();
        for await (const [ key, value ] of this.storage.entries()) {
          if (isPodLock(value) && value.until > now) {
            next.set(value.pod, value);
          } else if (!isPodLock(value) || value.until < now - STALE_MS) {
            stale.push(key);
          }
        }
        // Entries are removed long after they expired, so that no worker taking a new lock meanwhile loses it.
        for (const key of stale) {
          await this.storage.delete(key);
        }
        for (const [ pod, lock ] of this.changesDuringRefresh) {
          if (lock) {
            next.set(pod, lock);
          } else {
            next.delete(pod);
          }
        }
        this.cache = next;
      } catch (error: unknown) {
        this.logger.error(`Could not load the pod locks: ${(error as Error).message}`);
      } finally {
        this.refreshing = undefined;
        this.changesDuringRefresh = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Current time in milliseconds; tests override it. */
  protected now(): number {
    return Date.now();
  }

  private keyFor(pod: string): string {
    return Buffer.from(pod, 'utf8').toString('base64url');
  }
}
