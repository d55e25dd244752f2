import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { getLoggerFor, Initializer, joinFilePath } from '@solid/community-server';

/**
 * The operator's token for Cartable's admin endpoints (`npx cartable ent sync`): a random secret in
 * `<data>/.internal/cartable/admin-token` (mode 0600), created at start-up. Whoever can read the data folder
 * can already do anything to it, so the file is the boundary: the CLI reads it on the same machine.
 */
export class AdminToken extends Initializer {
  protected readonly logger = getLoggerFor(this);
  private readonly file: string;

  /**
   * @param rootFilePath - The data folder.
   * @param relativePath - The token file, relative to the data folder.
   */
  public constructor(rootFilePath: string, relativePath = '/.internal/cartable/admin-token') {
    super();
    this.file = joinFilePath(rootFilePath, relativePath);
  }

  public override async handle(): Promise<void> {
    try {
      readFileSync(this.file, 'utf8');
    } catch {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, randomBytes(32).toString('base64url'), { mode: 0o600 });
      this.logger.info(`Wrote the admin token at ${this.file}`);
    }
  }

  /** Whether a presented token is the admin token (constant-time comparison). */
  public matches(presented: string | undefined): boolean {
    if (!presented) {
      return false;
    }
    let expected: Buffer;
    try {
      expected = Buffer.from(readFileSync(this.file, 'utf8').trim());
    } catch {
      return false;
    }
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
