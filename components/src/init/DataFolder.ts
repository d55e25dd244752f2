import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the marker file that says a folder holds Cartable data. */
export const DATA_MARKER = '.cartable-data.json';

/** Format version of the data folder this code reads and writes. */
export const DATA_FORMAT_VERSION = 1;

/** The marker's content. */
export interface DataMarker {
  format: 'cartable-data';
  version: number;
  created: string;
}

/** A data folder Cartable refuses to use; the message says why and what to do. */
export class DataFolderError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DataFolderError';
  }
}

/**
 * Makes sure `folder` is a Cartable data folder before anything writes to it: a missing or empty folder
 * is initialised with the format marker; a folder with a valid marker is accepted; anything else (a foreign
 * folder, an unreadable one, a newer format) is refused with a {@link DataFolderError}, and never changed.
 *
 * This runs before the server is instantiated, because some CSS components create folders as soon as they
 * are constructed.
 */
export function prepareDataFolder(folder: string, now: Date = new Date()): DataMarker {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return initialise(folder, now, true);
    }
    if (code === 'ENOTDIR') {
      throw new DataFolderError(`Data folder ${folder} is a file, not a folder. Choose another path with --data.`);
    }
    throw new DataFolderError(`Data folder ${folder} cannot be read (${code ?? String(error)}). ` +
      'Check its permissions, or choose another folder with --data.');
  }
  if (!entries.includes(DATA_MARKER)) {
    if (entries.length === 0) {
      return initialise(folder, now, false);
    }
    throw new DataFolderError(`Data folder ${folder} is not empty and has no ${DATA_MARKER} marker, so it is not ` +
      'a Cartable data folder. Cartable refuses to use it and has changed nothing in it. ' +
      'Choose an empty or new folder with --data (or CARTABLE_DATA).');
  }
  let marker: Partial<DataMarker>;
  try {
    marker = JSON.parse(readFileSync(join(folder, DATA_MARKER), 'utf8')) as Partial<DataMarker>;
  } catch (error: unknown) {
    throw new DataFolderError(`The marker ${join(folder, DATA_MARKER)} is unreadable or not JSON ` +
      `(${(error as Error).message}). Cartable refuses to use this folder and has changed nothing in it.`);
  }
  if (typeof marker !== 'object' || marker === null || marker.format !== 'cartable-data' ||
    typeof marker.version !== 'number') {
    throw new DataFolderError(`The marker ${join(folder, DATA_MARKER)} does not describe a Cartable data folder ` +
      '(expected {"format":"cartable-data","version":N}). Cartable has changed nothing in it.');
  }
  if (marker.version > DATA_FORMAT_VERSION) {
    throw new DataFolderError(`Data folder ${folder} has format version ${marker.version}, newer than this ` +
      `Cartable supports (${DATA_FORMAT_VERSION}). Upgrade Cartable; the folder is left untouched.`);
  }
  return marker as DataMarker;
}

function initialise(folder: string, now: Date, create: boolean): DataMarker {
  const marker: DataMarker = { format: 'cartable-data', version: DATA_FORMAT_VERSION, created: now.toISOString() };
  try {
    if (create) {
      mkdirSync(folder, { recursive: true });
    }
    writeFileSync(join(folder, DATA_MARKER), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
  } catch (error: unknown) {
    throw new DataFolderError(`Cannot initialise data folder ${folder}: ${(error as Error).message}`);
  }
  return marker;
}
