import type { FileIdentifierMapper } from '@solid/community-server';
import { DEFAULT_POD_QUOTA_BYTES, parseByteSize } from '../quota/QuotaAccountingDataAccessor';
import type { PodUsageStore } from '../quota/PodUsageStore';

/** A pod's storage in bytes: stored, allowed, and still free (counting uploads in progress). */
export interface PodQuota {
  used: number;
  limit: number;
  available: number;
}

/**
 * Reads the quota of a pod as {@link QuotaAccountingDataAccessor} enforces it: the incremental byte count of
 * {@link PodUsageStore} (a pod without a count yet is walked once) against the per-pod limit.
 */
export class PodQuotaReader {
  private readonly usage: PodUsageStore;
  private readonly mapper: FileIdentifierMapper;
  private readonly limit: number;

  /**
   * @param usage - The per-pod byte counts.
   * @param mapper - Maps a pod's URL to its folder (to count a pod that has no count yet).
   * @param quota - Bytes per pod, as a number or a string such as `5GB` (the same value as the accessor's).
   */
  public constructor(usage: PodUsageStore, mapper: FileIdentifierMapper,
    quota: number | string = DEFAULT_POD_QUOTA_BYTES) {
    this.usage = usage;
    this.mapper = mapper;
    this.limit = parseByteSize(quota);
  }

  /** The quota of the pod with this base URL. */
  public async of(pod: string): Promise<PodQuota> {
    const { filePath } = await this.mapper.mapUrlToFilePath({ path: pod }, false);
    const used = await this.usage.getUsed(pod, filePath);
    return { used, limit: this.limit, available: Math.max(0, this.limit - used - this.usage.getInFlight(pod)) };
  }
}
