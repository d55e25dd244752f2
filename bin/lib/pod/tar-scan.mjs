// Reads a tar archive as a stream (ustar + pax "path"/"size" records, as written by tar.mjs) and reports
// each entry's name, type, size and SHA-256 in constant memory; small entries can be kept whole. Used to
// verify exports (tests, and later the importer).
import { createHash } from 'node:crypto';

const BLOCK = 512;

/**
 * @param {Buffer} header
 * @param {number} offset
 * @param {number} length
 * @returns {string}
 */
function text(header, offset, length) {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/**
 * Parses pax records into key/value pairs.
 * @param {Buffer} data
 * @returns {Record<string, string>}
 */
export function parsePax(data) {
  /** @type {Record<string, string>} */
  const records = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString('ascii'));
    if (space === -1 || !Number.isInteger(length) || length <= 0) {
      throw new Error(`bad pax record at byte ${offset}`);
    }
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

/**
 * @typedef {object} ScannedEntry
 * @property {string} name
 * @property {string} type "0" file, "5" directory, …
 * @property {number} size
 * @property {string} sha256
 * @property {Buffer} [data] when kept
 */

/**
 * Scans an archive.
 * @param {AsyncIterable<Buffer | Uint8Array>} chunks
 * @param {{ keep?: (name: string) => boolean }} [options] which entries to return whole (small ones only)
 * @returns {Promise<ScannedEntry[]>}
 */
export async function scanTar(chunks, options = {}) {
  /** @type {ScannedEntry[]} */
  const entries = [];
  let buffer = Buffer.alloc(0);
  /** @type {{ header: Buffer | null, remaining: number, padding: number, hash: import('node:crypto').Hash | null,
   *   parts: Buffer[] | null, entry: ScannedEntry | null, pax: Record<string, string> | null }} */
  const state = { header: null, remaining: 0, padding: 0, hash: null, parts: null, entry: null, pax: null };
  let ended = false;

  const finishEntry = () => {
    const { entry } = state;
    if (entry) {
      entry.sha256 = /** @type {import('node:crypto').Hash} */ (state.hash).digest('hex');
      if (state.parts) {
        const data = Buffer.concat(state.parts);
        if (entry.type === 'x') {
          state.pax = parsePax(data);
        } else {
          entry.data = data;
        }
      }
      if (entry.type !== 'x' && entry.type !== 'g') {
        entries.push(entry);
      }
    }
    state.entry = null;
  };

  for await (const chunk of chunks) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([ buffer, chunk ]);
    while (!ended) {
      if (state.entry) {
        const take = Math.min(state.remaining, buffer.length);
        if (take > 0) {
          const part = buffer.subarray(0, take);
          state.hash?.update(part);
          state.parts?.push(Buffer.from(part));
          state.remaining -= take;
          buffer = buffer.subarray(take);
        }
        if (state.remaining > 0) {
          break;
        }
        if (buffer.length < state.padding) {
          break;
        }
        buffer = buffer.subarray(state.padding);
        finishEntry();
        continue;
      }
      if (buffer.length < BLOCK) {
        break;
      }
      const header = buffer.subarray(0, BLOCK);
      buffer = buffer.subarray(BLOCK);
      if (header.every((byte) => byte === 0)) {
        ended = true;
        break;
      }
      let sum = 0;
      for (let i = 0; i < BLOCK; i += 1) {
        sum += i >= 148 && i < 156 ? 0x20 : header[i];
      }
      if (sum !== parseInt(text(header, 148, 8).trim(), 8)) {
        throw new Error(`bad tar header checksum after ${entries.length} entries`);
      }
      const type = text(header, 156, 1) || '0';
      const pax = type === 'x' || type === 'g' ? null : state.pax;
      const prefix = text(header, 345, 155);
      const name = pax?.path ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      const size = pax?.size ? Number(pax.size) : parseInt(text(header, 124, 12).trim() || '0', 8);
      if (type !== 'x' && type !== 'g') {
        state.pax = null;
      }
      state.entry = { name, type, size, sha256: '' };
      state.remaining = size;
      state.padding = (BLOCK - (size % BLOCK)) % BLOCK;
      state.hash = createHash('sha256');
      state.parts = type === 'x' || (options.keep?.(name) ?? false) ? [] : null;
    }
  }
  if (!ended || state.entry) {
    throw new Error('the archive ends early (no closing blocks)');
  }
  return entries;
}
