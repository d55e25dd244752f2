import { promises as fsp } from 'node:fs';
import type { FileIdentifierMapper } from '@solid/community-server';
import { getLoggerFor, joinFilePath } from '@solid/community-server';

/** What `pod move` asks a Cartable source before copying it. */
export interface PodFiles {
  /** Paths (relative to the pod) of the resources that have an ACL: `""` for the root, `drive/` for a folder. */
  acls: string[];
  /** Size in bytes of each document, by path. */
  sizes: Record<string, number>;
}

/**
 * Lists, from the pod's folder on disk, the resources of a pod that have an ACL and the size of each document:
 * `pod move` then copies those ACLs only, instead of asking for one possible ACL per resource (most resources
 * inherit theirs), and knows the sizes (for the target's quota and the progress bar) without one HEAD per
 * document. Files are mapped back to URLs with CSS's own {@link FileIdentifierMapper}, so the list follows its
 * naming rules. Only for file-backed servers; the mover falls back to the protocol when this fails.
 */
export class PodFileLister {
  protected readonly logger = getLoggerFor(this);
  private readonly mapper: FileIdentifierMapper;
  private readonly maxEntries: number;

  /**
   * @param mapper - CSS's mapping between URLs and files.
   * @param maxEntries - Folder entries read at most (a bound on the work of one request).
   */
  public constructor(mapper: FileIdentifierMapper, maxEntries = 1_000_000) {
    this.mapper = mapper;
    this.maxEntries = maxEntries;
  }

  /** The ACLs and document sizes of the pod with this base URL. */
  public async list(pod: string): Promise<PodFiles> {
    const { filePath: root } = await this.mapper.mapUrlToFilePath({ path: pod }, false);
    const acls: string[] = [];
    const sizes: Record<string, number> = {};
    let entries = 0;
    const walk = async(folder: string): Promise<void> => {
      for (const entry of await fsp.readdir(folder, { withFileTypes: true })) {
        entries += 1;
        if (entries > this.maxEntries) {
          throw new Error(`more than ${this.maxEntries} entries in ${pod}`);
        }
        const file = joinFilePath(folder, entry.name);
        if (entry.isDirectory()) {
          await walk(file);
          continue;
        }
        const { identifier, isMetadata } = await this.mapper.mapFilePathToUrl(file, false);
        if (isMetadata || !identifier.path.startsWith(pod)) {
          continue;
        }
        const path = identifier.path.slice(pod.length);
        if (path.endsWith('.acl')) {
          acls.push(path.slice(0, -'.acl'.length));
        } else {
          sizes[decodeURIComponent(path)] = (await fsp.stat(file)).size;
        }
      }
    };
    await walk(root);
    return { acls: acls.map((path): string => decodeURIComponent(path)).sort(), sizes };
  }
}
