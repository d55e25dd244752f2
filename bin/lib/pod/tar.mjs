// A minimal streaming tar writer (POSIX ustar, with pax extended headers for long or non-ASCII names and
// for sizes of 8 GiB and more). Entries are written one after the other; a file's size must be known
// before its bytes, as tar headers require. Bytes go straight to the output stream with backpressure:
// memory stays constant whatever the file size.
import { once } from 'node:events';

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits: 8 GiB - 1

/**
 * Writes `value` as a NUL-terminated octal number of `length` bytes (including the NUL) at `offset`.
 * @param {Buffer} header
 * @param {number} offset
 * @param {number} length
 * @param {number} value
 */
function octal(header, offset, length, value) {
  header.write(`${Math.floor(value).toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/**
 * One pax record: "<length> <key>=<value>\n", where length counts the whole record in bytes.
 * @param {string} key
 * @param {string} value
 * @returns {string}
 */
export function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let digits = 1;
  while (String(bodyLength + digits).length !== digits) {
    digits += 1;
  }
  return `${bodyLength + digits}${body}`;
}

/**
 * A 512-byte ustar header.
 * @param {{ name: string, size: number, type: '0' | '5' | 'x', mtime: number, mode?: number }} entry
 *   name: at most 100 ASCII bytes; mtime in seconds
 * @returns {Buffer}
 */
export function ustarHeader({ name, size, type, mtime, mode }) {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  octal(header, 100, 8, mode ?? (type === '5' ? 0o755 : 0o644));
  octal(header, 108, 8, 0); // uid
  octal(header, 116, 8, 0); // gid
  octal(header, 124, 12, size);
  octal(header, 136, 12, mtime);
  header.write('        ', 148, 8, 'ascii'); // checksum placeholder: spaces while summing
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of header) {
    sum += byte;
  }
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/**
 * The header blocks for one entry: a pax extended header first when the name or size does not fit ustar.
 * @param {{ name: string, size: number, type: '0' | '5', mtime: number }} entry
 * @returns {Buffer}
 */
export function entryHeader({ name, size, type, mtime }) {
  const records = [];
  const plain = Buffer.byteLength(name) <= 100 && /^[\x20-\x7e]*$/u.test(name);
  if (!plain) {
    records.push(paxRecord('path', name));
  }
  if (size > MAX_OCTAL_SIZE) {
    records.push(paxRecord('size', String(size)));
  }
  const header = ustarHeader({
    // The ustar name is a readable fallback for old readers; pax readers use the "path" record.
    name: plain ? name : asciiFallback(name),
    size: size > MAX_OCTAL_SIZE ? 0 : size,
    type,
    mtime,
  });
  if (records.length === 0) {
    return header;
  }
  const pax = Buffer.from(records.join(''), 'utf8');
  return Buffer.concat([
    ustarHeader({ name: `PaxHeader/${asciiFallback(name).slice(-80)}`, size: pax.length, type: 'x', mtime }),
    pad(pax),
    header,
  ]);
}

/**
 * @param {string} name
 * @returns {string}
 */
function asciiFallback(name) {
  const ascii = name.replace(/[^\x20-\x7e]/gu, '_');
  return ascii.length <= 100 ? ascii : ascii.slice(-100);
}

/**
 * @param {Buffer} data
 * @returns {Buffer}
 */
function pad(data) {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([ data, Buffer.alloc(BLOCK - rest) ]);
}

/** Writes a tar archive to a writable stream, one entry at a time. */
export class TarWriter {
  /** @param {import('node:stream').Writable} output */
  constructor(output) {
    this.output = output;
    /** Bytes written so far (the archive size once finished). */
    this.bytes = 0;
  }

  /**
   * Writes with backpressure.
   * @param {Buffer | Uint8Array} chunk
   */
  async write(chunk) {
    this.bytes += chunk.length;
    if (!this.output.write(chunk)) {
      await once(this.output, 'drain');
    }
  }

  /**
   * A directory entry (the name should end with "/").
   * @param {string} name
   * @param {Date} [mtime]
   */
  async addDirectory(name, mtime = new Date()) {
    await this.write(entryHeader({ name, size: 0, type: '5', mtime: mtime.getTime() / 1000 }));
  }

  /**
   * A regular file of exactly `size` bytes read from `chunks`. If the source ends early or fails, the entry
   * is padded with zeros to keep the archive readable and the error is thrown afterwards; if it yields more,
   * an error is thrown and the extra bytes are not written.
   * @param {string} name
   * @param {number} size
   * @param {AsyncIterable<Uint8Array>} chunks
   * @param {{ mtime?: Date, onChunk?: (chunk: Uint8Array) => void }} [options]
   */
  async addFile(name, size, chunks, options = {}) {
    await this.write(entryHeader({ name, size, type: '0', mtime: (options.mtime ?? new Date()).getTime() / 1000 }));
    let written = 0;
    let failure;
    try {
      for await (const chunk of chunks) {
        if (written + chunk.length > size) {
          throw new Error(`${name}: more than the announced ${size} bytes`);
        }
        options.onChunk?.(chunk);
        written += chunk.length;
        await this.write(chunk);
      }
      if (written < size) {
        throw new Error(`${name}: ${written} bytes received of the announced ${size}`);
      }
    } catch (error) {
      failure = error;
      for (let missing = size - written; missing > 0; missing -= Math.min(missing, 65536)) {
        await this.write(Buffer.alloc(Math.min(missing, 65536)));
      }
    }
    const rest = size % BLOCK;
    if (rest !== 0) {
      await this.write(Buffer.alloc(BLOCK - rest));
    }
    if (failure) {
      throw failure;
    }
  }

  /** Writes the two closing zero blocks and ends the output stream. */
  async finish() {
    await this.write(ZEROS);
    this.output.end();
    await once(this.output, 'finish');
  }
}
