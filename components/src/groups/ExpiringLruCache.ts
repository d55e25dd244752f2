/**
 * A small in-memory cache with a time to live per entry and fixed bounds: at most `maxEntries` entries
 * and a total weight of at most `maxWeight` (e.g. the number of group members held); when either is
 * exceeded, the least recently used entries go. Bounded so that per-server caches never grow with the
 * number of pods (DESIGN §8), nor with the size of what users put in them.
 */
export class ExpiringLruCache<T> {
  private readonly maxEntries: number;
  private readonly maxWeight: number;
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used entry first.
  private readonly entries = new Map<string, { value: T; expires: number; weight: number }>();
  private totalWeight = 0;

  /**
   * @param maxEntries - How many entries are kept at most (at least 1).
   * @param maxWeight - The largest total weight kept; an entry heavier than this is not cached at all.
   */
  public constructor(maxEntries: number, maxWeight = Number.POSITIVE_INFINITY) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`A cache needs room for at least one entry; got maxEntries ${maxEntries}.`);
    }
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeight;
  }

  /** The number of entries held, expired ones included until they are next looked up or pushed out. */
  public get size(): number {
    return this.entries.size;
  }

  /** The total weight of the entries held. */
  public get weight(): number {
    return this.totalWeight;
  }

  /** The value stored under `key` if it has not expired. */
  public get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    if (entry.expires <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /**
   * Stores `value` under `key` for `ttlMs` milliseconds, pushing out the least recently used entries
   * while the cache holds too many entries or too much weight.
   */
  public set(key: string, value: T, ttlMs: number, weight = 1): void {
    this.delete(key);
    if (weight > this.maxWeight) {
      return;
    }
    this.entries.set(key, { value, expires: Date.now() + ttlMs, weight });
    this.totalWeight += weight;
    while (this.entries.size > this.maxEntries || this.totalWeight > this.maxWeight) {
      this.delete(this.entries.keys().next().value as string);
    }
  }

  /** Forgets `key`. */
  public delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.totalWeight -= entry.weight;
    }
  }
}
