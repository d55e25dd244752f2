import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyValueStorage } from '@solid/community-server';
import { getLoggerFor, joinFilePath } from '@solid/community-server';

/** ENT tokens of one person, as Cartable keeps them to call the ENT's APIs on their behalf. */
export interface EntTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch ms after which the access token must be refreshed. */
  expiresAt?: number;
}

/**
 * Keeps each ENT person's tokens encrypted at rest (AES-256-GCM), keyed by ENT identifier, so that the
 * directory sync and the home launcher can call the ENT later (refresh tokens) without the tokens being
 * readable from a copy of the data folder's key-value store alone. The key is a file of its own
 * (`<data>/.internal/cartable/keys/ent-tokens.key`, created on first use, mode 0600); keep it out of
 * backups that leave the server, or provide it from a secret store.
 */
export class EntTokenVault {
  protected readonly logger = getLoggerFor(this);
  private readonly storage: KeyValueStorage<string, unknown>;
  private readonly keyFile: string;
  private key?: Buffer;

  /**
   * @param storage - Where the encrypted records go.
   * @param rootFilePath - The data folder.
   * @param keyPath - Key file, relative to the data folder.
   */
  public constructor(storage: KeyValueStorage<string, unknown>, rootFilePath: string,
    keyPath = '/.internal/cartable/keys/ent-tokens.key') {
    this.storage = storage;
    this.keyFile = joinFilePath(rootFilePath, keyPath);
  }

  /** Stores (replaces) the tokens of an ENT person. */
  public async set(uid: string, tokens: EntTokens): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.getKey(), iv);
    cipher.setAAD(Buffer.from(uid));
    const data = Buffer.concat([ cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final() ]);
    await this.storage.set(this.keyFor(uid), {
      iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'),
    });
  }

  /** The tokens of an ENT person, or `undefined` (none, or unreadable with this key). */
  public async get(uid: string): Promise<EntTokens | undefined> {
    const record = await this.storage.get(this.keyFor(uid)) as { iv: string; tag: string; data: string } | undefined;
    if (!record) {
      return undefined;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.getKey(), Buffer.from(record.iv, 'base64'));
      decipher.setAAD(Buffer.from(uid));
      decipher.setAuthTag(Buffer.from(record.tag, 'base64'));
      const text = Buffer.concat([ decipher.update(Buffer.from(record.data, 'base64')), decipher.final() ]).toString('utf8');
      return JSON.parse(text) as EntTokens;
    } catch (error: unknown) {
      this.logger.warn(`Cannot decrypt the ENT tokens of ${uid}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Forgets the tokens of an ENT person (logout, account removal). */
  public async delete(uid: string): Promise<void> {
    await this.storage.delete(this.keyFor(uid));
  }

  private keyFor(uid: string): string {
    return Buffer.from(uid).toString('base64url');
  }

  private getKey(): Buffer {
    if (!this.key) {
      try {
        this.key = Buffer.from(readFileSync(this.keyFile, 'utf8').trim(), 'base64');
      } catch {
        mkdirSync(dirname(this.keyFile), { recursive: true });
        const key = randomBytes(32);
        writeFileSync(this.keyFile, key.toString('base64'), { mode: 0o600, flag: 'wx' });
        this.key = key;
      }
      if (this.key.length !== 32) {
        throw new Error(`The ENT token key ${this.keyFile} is not a 32-byte base64 key`);
      }
    }
    return this.key;
  }
}
