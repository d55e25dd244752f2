// Indexes a tar archive file (ustar + pax "path"/"size", as tar.mjs writes): each entry's name, type,
// size, SHA-256 and the offset of its bytes in the file, so that the importer can check the whole archive
// first and then read any entry back without holding it in memory. Reads in 1 MiB chunks.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parsePax } from './tar-scan.mjs';

const BLOCK = 512;
const CHUNK = 1024 * 1024;

/** The archive is not a readable tar file; the message names the entry where it went wrong. */
export class TarFormatError extends Error {}

/**
 * @typedef {object} IndexedEntry
 * @property {string} name
 * @property {string} type "0" file, "5" directory
 * @property {number} size
 * @property {string} sha256
 * @property {number} offset where the entry's bytes start in the file
 */

/**
 * @param {Buffer} header
 * @param {number} offset
 * @param {number} length
 * @returns {string}
 */
function field(header, offset, length) {
  const bytes = header.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? length : end).toString('utf8');
}

/**
 * Indexes the archive at `file`; throws TarFormatError when it is not a complete, readable tar.
 * @param {string} file
 * @returns {Promise<IndexedEntry[]>}
 */
export async function indexTar(file) {
  const handle = await open(file, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    /** @type {IndexedEntry[]} */
    const entries = [];
    const header = Buffer.alloc(BLOCK);
    const chunk = Buffer.alloc(CHUNK);
    let position = 0;
    /** @type {Record<string, string> | null} */
    let pax = null;
    for (;;) {
      const last = entries.at(-1)?.name;
      const where = last ? `after the entry ${last}` : 'at the start';
      const { bytesRead } = await handle.read(header, 0, BLOCK, position);
      if (bytesRead < BLOCK) {
        throw new TarFormatError(`the archive ends early ${where} (no closing blocks)`);
      }
      position += BLOCK;
      if (header.every((byte) => byte === 0)) {
        return entries;
      }
      let sum = 0;
      for (let i = 0; i < BLOCK; i += 1) {
        sum += i >= 148 && i < 156 ? 0x20 : header[i];
      }
      if (sum !== parseInt(field(header, 148, 8).trim(), 8)) {
        throw new TarFormatError(`bad tar header checksum ${where}`);
      }
      const type = field(header, 156, 1) || '0';
      const prefix = field(header, 345, 155);
      const name = pax?.path ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      const size = pax?.size ? Number(pax.size) : parseInt(field(header, 124, 12).trim() || '0', 8);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new TarFormatError(`bad size in the tar header of ${name}`);
      }
      if (position + size > fileSize) {
        throw new TarFormatError(`the archive is truncated in the entry ${name} (${size} bytes announced, ` +
          `${Math.max(0, fileSize - position)} present)`);
      }
      const hash = createHash('sha256');
      const keep = type === 'x' || type === 'g' ? [] : null;
      for (let done = 0; done < size;) {
        const length = Math.min(CHUNK, size - done);
        const read = (await handle.read(chunk, 0, length, position + done)).bytesRead;
        if (read === 0) {
          throw new TarFormatError(`the archive is truncated in the entry ${name}`);
        }
        hash.update(chunk.subarray(0, read));
        keep?.push(Buffer.from(chunk.subarray(0, read)));
        done += read;
      }
      if (type === 'x') {
        try {
          pax = parsePax(Buffer.concat(/** @type {Buffer[]} */ (keep)));
        } catch (error) {
          throw new TarFormatError(`${error.message} ${where}`);
        }
      } else if (type !== 'g') {
        pax = null;
        entries.push({ name, type, size, sha256: hash.digest('hex'), offset: position });
      }
      position += size + ((BLOCK - (size % BLOCK)) % BLOCK);
    }
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of one entry.
 * @param {string} file
 * @param {IndexedEntry} entry
 * @returns {Promise<Buffer>}
 */
export async function readEntry(file, entry) {
  const handle = await open(file, 'r');
  try {
    const data = Buffer.alloc(entry.size);
    let done = 0;
    while (done < entry.size) {
      const { bytesRead } = await handle.read(data, done, entry.size - done, entry.offset + done);
      if (bytesRead === 0) {
        throw new TarFormatError(`the archive is truncated in the entry ${entry.name}`);
      }
      done += bytesRead;
    }
    return data;
  } finally {
    await handle.close();
  }
}
