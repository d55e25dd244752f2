import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { getLoggerFor, joinFilePath } from '@solid/community-server';

interface UsageRecord {
  /** Bytes of stored documents in the pod. */
  used: number;
  /** ISO time of the last change. */
  updated: string;
}

/**
 * Counts the bytes stored in each pod, incrementally.
 *
 * CSS's own quota walks the whole pod directory on every chunk of every write; Cartable instead keeps one
 * small JSON record per pod under `<data>/.internal/cartable/usage/`, adjusts it after each write or delete,
 * and walks the pod once only when no record exists yet (a pod made before accounting was enabled, or a
 * record removed to force a recount). Updates to one pod are serialised in-process; bytes of writes in
 * flight are tracked separately so that concurrent uploads cannot together overshoot the quota.
 * Nothing here grows with the number of pods: entries exist only while a pod has work in progress.
 */
export class PodUsageStore {
  protected readonly logger = getLoggerFor(this);
  private readonly folder: string;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Map<string, number>();

  /**
   * @param rootFilePath - The data folder of the server.
   * @param relativePath - Folder, relative to the data folder, for the usage records.
   */
  public constructor(rootFilePath: string, relativePath = '/.internal/cartable/usage/') {
    this.folder = joinFilePath(rootFilePath, relativePath);
  }

  /** Bytes used by the pod, counting the pod folder on disk (`podFolder`) if there is no record yet. */
  public async getUsed(pod: string, podFolder: string): Promise<number> {
    const record = await this.read(pod);
    if (record) {
      return record.used;
    }
    return this.serialise(pod, async(): Promise<number> => {
      const again = await this.read(pod);
      if (again) {
        return again.used;
      }
      const used = await folderSize(podFolder);
      await this.write(pod, used);
      this.logger.debug(`Counted ${used} bytes in ${pod}`);
      return used;
    });
  }

  /** Adds `delta` bytes (may be negative) to the pod's count. */
  public async add(pod: string, podFolder: string, delta: number): Promise<void> {
    if (delta === 0) {
      return;
    }
    await this.getUsed(pod, podFolder);
    await this.serialise(pod, async(): Promise<void> => {
      const record = await this.read(pod);
      await this.write(pod, Math.max(0, (record?.used ?? 0) + delta));
    });
  }

  /** Bytes currently being received for the pod by writes that have not finished. */
  public getInFlight(pod: string): number {
    return this.inFlight.get(pod) ?? 0;
  }

  /** Adjusts the in-flight byte count of a pod (entries are removed when back to zero). */
  public addInFlight(pod: string, delta: number): void {
    const next = (this.inFlight.get(pod) ?? 0) + delta;
    if (next <= 0) {
      this.inFlight.delete(pod);
    } else {
      this.inFlight.set(pod, next);
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

  private fileFor(pod: string): string {
    return join(this.folder, `${Buffer.from(pod).toString('base64url')}.json`);
  }

  private async read(pod: string): Promise<UsageRecord | undefined> {
    try {
      const record = JSON.parse(await fsp.readFile(this.fileFor(pod), 'utf8')) as Partial<UsageRecord>;
      return typeof record.used === 'number' && Number.isFinite(record.used) ?
          { used: record.used, updated: String(record.updated) } :
        undefined;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn(`Unreadable usage record for ${pod}, recounting: ${(error as Error).message}`);
      }
      return undefined;
    }
  }

  private async write(pod: string, used: number): Promise<void> {
    await fsp.mkdir(this.folder, { recursive: true });
    const file = this.fileFor(pod);
    const temp = `${file}.${process.pid}.tmp`;
    const record: UsageRecord = { used, updated: new Date().toISOString() };
    await fsp.writeFile(temp, JSON.stringify(record));
    await fsp.rename(temp, file);
  }
}

/** Total size of the files below a folder, skipping CSS's `.meta` side files. */
async function folderSize(folder: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await fsp.readdir(folder, { withFileTypes: true });
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return 0;
    }
    throw error;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      total += await folderSize(path);
    } else if (entry.isFile() && !entry.name.endsWith('.meta')) {
      total += (await fsp.stat(path)).size;
    }
  }
  return total;
}
