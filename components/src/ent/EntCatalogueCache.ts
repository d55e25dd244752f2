/**
 * Each person's ENT catalogue for a short time, so that the home page does not call the ENT at every visit:
 * entries live `ttlMs`, at most `maxEntries` are kept (the least recently used goes first, so memory does
 * not grow with the number of pupils, DESIGN §8), and concurrent loads of one key share a single call to
 * the ENT (which also keeps two refreshes of one rotating refresh token from racing). Failures are not kept.
 */
export class EntCatalogueCache<T> {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used entry first.
  private readonly entries = new Map<string, { value: T; expires: number }>();
  private readonly loading = new Map<string, Promise<T>>();

  /**
   * @param ttlMs - How long an entry is served (0 disables the cache, loads are still shared).
   * @param maxEntries - How many entries are kept at most.
   * @param now - The clock (tests).
   */
  public constructor(ttlMs: number, maxEntries: number, now: () => number = Date.now) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`The ENT catalogue cache needs room for at least one entry; got ${maxEntries}`);
    }
    this.ttlMs = Math.max(0, ttlMs);
    this.maxEntries = maxEntries;
    this.now = now;
  }

  /** Number of entries held (expired ones until they are next looked up or pushed out). */
  public get size(): number {
    return this.entries.size;
  }

  /** The fresh value of `key`, else the result of `load` (shared with loads of `key` already running). */
  public async get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (entry.expires > this.now()) {
        this.entries.set(key, entry);
        return entry.value;
      }
    }
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(key, load);
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(key: string, load: () => Promise<T>): Promise<T> {
    try {
      const value = await load();
      if (this.ttlMs > 0) {
        this.entries.set(key, { value, expires: this.now() + this.ttlMs });
        while (this.entries.size > this.maxEntries) {
          this.entries.delete(this.entries.keys().next().value!);
        }
      }
      return value;
    } finally {
      this.loading.delete(key);
    }
  }
}
