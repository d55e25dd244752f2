import { promises as fsp } from 'node:fs';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type {
  DataAccessor,
  FileIdentifierMapper,
  Guarded,
  RepresentationMetadata,
  ResourceIdentifier,
} from '@solid/community-server';
import { CONTENT_LENGTH_TERM, getLoggerFor, guardStream, PassthroughDataAccessor } from '@solid/community-server';
import { PayloadHttpError } from '@solid/community-server/dist/util/errors/PayloadHttpError';
import { RESERVED_POD_NAMES } from '../pods/PodNamePolicy';
import type { PodUsageStore } from './PodUsageStore';

/** 5 GB, the default quota of a pod. */
export const DEFAULT_POD_QUOTA_BYTES = 5 * 1000 * 1000 * 1000;

/** Parses a quota given as a number of bytes or a string such as `5GB`, `500 MB`, `1.5GiB`. */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') {
    return value;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$/iu.exec(value);
  if (!match) {
    throw new Error(`Invalid size ${JSON.stringify(value)}: expected bytes or a number with kB, MB, GB, TB (or KiB…)`);
  }
  const unit = (match[2] ?? '').toLowerCase();
  const powers: Record<string, number> = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4 };
  const binary = unit.includes('i');
  const power = powers[unit.replace(/i?b$/u, '').replace('i', '')] ?? 0;
  return Math.round(Number(match[1]) * (binary ? 1024 : 1000) ** power);
}

/**
 * Enforces a per-pod quota while documents are written, with incremental accounting
 * (see {@link PodUsageStore}) instead of CSS's whole-pod walks.
 *
 * A write is refused with 413 before any byte is stored when its `Content-Length` cannot fit; otherwise the
 * body is counted as it streams and the write fails with 413 as soon as it would go over. The wrapped
 * accessor must be atomic (write to a temporary file, then rename) so that a refused write leaves the
 * previous version intact. Resources outside pods (server-internal `/.internal/` data, root documents)
 * are not counted.
 */
export class QuotaAccountingDataAccessor extends PassthroughDataAccessor {
  protected readonly logger = getLoggerFor(this);
  private readonly usage: PodUsageStore;
  private readonly mapper: FileIdentifierMapper;
  private readonly baseUrl: string;
  private readonly limit: number;

  /**
   * @param accessor - The (atomic) accessor doing the writes.
   * @param usage - Where pod usage is counted.
   * @param mapper - Maps resource URLs to files, to find the size of what a write replaces.
   * @param baseUrl - The server's base URL; pods are its first-level containers.
   * @param quota - Bytes per pod, as a number or a string such as `5GB`.
   */
  public constructor(accessor: DataAccessor, usage: PodUsageStore, mapper: FileIdentifierMapper, baseUrl: string,
    quota: number | string = DEFAULT_POD_QUOTA_BYTES) {
    super(accessor);
    this.usage = usage;
    this.mapper = mapper;
    this.baseUrl = baseUrl;
    this.limit = parseByteSize(quota);
  }

  public override async writeDocument(identifier: ResourceIdentifier, data: Guarded<Readable>,
    metadata: RepresentationMetadata): Promise<void> {
    const pod = this.podOf(identifier);
    if (!pod) {
      return this.accessor.writeDocument(identifier, data, metadata);
    }
    const podFolder = await this.folderOf({ path: pod });
    const [ used, previous ] = await Promise.all([ this.usage.getUsed(pod, podFolder), this.sizeOf(identifier) ]);
    const available = (): number => this.limit - used - this.usage.getInFlight(pod) + previous;
    const declared = Number(metadata.get(CONTENT_LENGTH_TERM)?.value);
    if (Number.isFinite(declared) && declared > available()) {
      data.destroy();
      throw this.exceeded(pod, declared, available());
    }

    let received = 0;
    const counter = new Transform({
      transform: (chunk: Buffer | string, encoding, callback): void => {
        const size = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.length;
        if (size > available()) {
          callback(this.exceeded(pod, received + size, available() + received));
          return;
        }
        received += size;
        this.usage.addInFlight(pod, size);
        callback(null, chunk);
      },
    });
    data.on('error', (error): boolean => counter.destroy(error) as unknown as boolean);
    try {
      await this.accessor.writeDocument(identifier, guardStream(data.pipe(counter)), metadata);
    } finally {
      this.usage.addInFlight(pod, -received);
    }
    await this.usage.add(pod, podFolder, received - previous);
  }

  public override async deleteResource(identifier: ResourceIdentifier): Promise<void> {
    const pod = this.podOf(identifier);
    const previous = pod && !identifier.path.endsWith('/') ? await this.sizeOf(identifier) : 0;
    await this.accessor.deleteResource(identifier);
    if (pod && previous > 0) {
      await this.usage.add(pod, await this.folderOf({ path: pod }), -previous);
    }
  }

  /** The pod root a resource belongs to, or `undefined` for server-internal and root-level resources. */
  private podOf(identifier: ResourceIdentifier): string | undefined {
    if (!identifier.path.startsWith(this.baseUrl)) {
      return undefined;
    }
    const rest = identifier.path.slice(this.baseUrl.length);
    const slash = rest.indexOf('/');
    // Reserved names are never pods: server-owned containers such as groups/ count against no quota.
    if (slash <= 0 || rest.startsWith('.') || RESERVED_POD_NAMES.has(rest.slice(0, slash))) {
      return undefined;
    }
    return `${this.baseUrl}${rest.slice(0, slash + 1)}`;
  }

  private async folderOf(identifier: ResourceIdentifier): Promise<string> {
    return (await this.mapper.mapUrlToFilePath(identifier, false)).filePath;
  }

  /** Size in bytes of the stored document, 0 if there is none. */
  private async sizeOf(identifier: ResourceIdentifier): Promise<number> {
    try {
      const { filePath } = await this.mapper.mapUrlToFilePath(identifier, false);
      return (await fsp.stat(filePath)).size;
    } catch {
      return 0;
    }
  }

  private exceeded(pod: string, size: number, available: number): PayloadHttpError {
    this.logger.warn(`Quota of ${pod} exceeded: ${size} bytes requested, ${Math.max(0, available)} available`);
    return new PayloadHttpError(
      `This pod's storage quota is full: the upload needs ${size} bytes but only ${Math.max(0, available)} of ` +
      `${this.limit} bytes are free. Delete files or ask for more space.`,
    );
  }
}
