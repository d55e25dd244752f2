// Cartable only ever writes into its own data folders: new or empty ones get a marker, anything else is
// refused with a message that says what to do, and left exactly as it was.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DATA_FORMAT_VERSION, DATA_MARKER, DataFolderError, prepareDataFolder,
} from '../../../components/dist/init/DataFolder.js';

const NOW = new Date('2025-09-01T08:00:00.000Z');

/** Every file below a folder with its content, to prove that nothing changed. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[path.slice(folder.length)] = readFileSync(path, 'utf8');
    }
  }
  return files;
}

function refuses(folder: string, message: RegExp): void {
  assert.throws((): unknown => prepareDataFolder(folder, NOW), (error: unknown): boolean => {
    assert.ok(error instanceof DataFolderError, String(error));
    assert.equal(error.name, 'DataFolderError');
    assert.match(error.message, message);
    return true;
  });
}

describe('prepareDataFolder', (): void => {
  let root: string;
  before((): void => {
    root = mkdtempSync(join(tmpdir(), 'cartable-data-'));
  });
  after((): void => {
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a missing folder, parents included, with the marker', (): void => {
    const folder = join(root, 'missing', 'nested', 'data');
    const marker = prepareDataFolder(folder, NOW);
    assert.deepEqual(marker, { format: 'cartable-data', version: DATA_FORMAT_VERSION, created: NOW.toISOString() });
    assert.deepEqual(readdirSync(folder), [ DATA_MARKER ]);
    assert.deepEqual(JSON.parse(readFileSync(join(folder, DATA_MARKER), 'utf8')), marker);
  });

  it('puts the marker in an empty folder', (): void => {
    const folder = join(root, 'empty');
    mkdirSync(folder);
    prepareDataFolder(folder, NOW);
    assert.deepEqual(readdirSync(folder), [ DATA_MARKER ]);
  });

  it('accepts its own folder again, keeping its creation time and its data', (): void => {
    const folder = join(root, 'again');
    prepareDataFolder(folder, NOW);
    writeFileSync(join(folder, 'pod.ttl'), '<> a <#Thing>.');
    const before = snapshot(folder);
    const marker = prepareDataFolder(folder, new Date('2030-01-01T00:00:00.000Z'));
    assert.equal(marker.created, NOW.toISOString());
    assert.deepEqual(snapshot(folder), before);
  });

  it('refuses a folder that holds something else, and changes nothing in it', (): void => {
    const folder = join(root, 'foreign');
    mkdirSync(join(folder, 'photos'), { recursive: true });
    writeFileSync(join(folder, 'thesis.odt'), 'my thesis');
    writeFileSync(join(folder, 'photos', 'cat.jpg'), 'meow');
    const before = snapshot(folder);
    refuses(folder, /is not empty and has no \.cartable-data\.json marker.*changed nothing.*--data/su);
    assert.deepEqual(snapshot(folder), before);
    assert.deepEqual(readdirSync(folder).sort(), [ 'photos', 'thesis.odt' ]);
  });

  it('refuses a folder holding only a hidden file', (): void => {
    const folder = join(root, 'hidden');
    mkdirSync(folder);
    writeFileSync(join(folder, '.git'), 'gitdir: elsewhere');
    refuses(folder, /not empty/u);
    assert.deepEqual(readdirSync(folder), [ '.git' ]);
  });

  it('refuses a folder written by a newer Cartable, asking for an upgrade', (): void => {
    const folder = join(root, 'newer');
    mkdirSync(folder);
    const marker = JSON.stringify({ format: 'cartable-data', version: DATA_FORMAT_VERSION + 1, created: NOW.toISOString() });
    writeFileSync(join(folder, DATA_MARKER), marker);
    refuses(folder, new RegExp(`format version ${DATA_FORMAT_VERSION + 1}, newer than this Cartable supports.*Upgrade`, 'u'));
    assert.equal(readFileSync(join(folder, DATA_MARKER), 'utf8'), marker);
  });

  it('refuses a marker that is not JSON, and leaves it as it is', (): void => {
    const folder = join(root, 'corrupt');
    mkdirSync(folder);
    writeFileSync(join(folder, DATA_MARKER), '{"format": "cartable-da');
    refuses(folder, /unreadable or not JSON/u);
    assert.equal(readFileSync(join(folder, DATA_MARKER), 'utf8'), '{"format": "cartable-da');
  });

  it('refuses a marker that describes something else', (): void => {
    for (const [ name, content ] of [
      [ 'other-format', { format: 'nextcloud', version: 1 } ],
      [ 'no-version', { format: 'cartable-data' } ],
      [ 'text-version', { format: 'cartable-data', version: '1' } ],
      [ 'array', [] ],
    ] as const) {
      const folder = join(root, name);
      mkdirSync(folder);
      writeFileSync(join(folder, DATA_MARKER), JSON.stringify(content));
      refuses(folder, /does not describe a Cartable data folder/u);
    }
  });

  it('refuses a marker that is JSON null with a DataFolderError', (): void => {
    const folder = join(root, 'null-marker');
    mkdirSync(folder);
    writeFileSync(join(folder, DATA_MARKER), 'null');
    refuses(folder, /does not describe a Cartable data folder/u);
  });

  it('refuses a file given as the data folder', (): void => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    refuses(file, /is a file, not a folder\. Choose another path with --data/u);
    assert.equal(readFileSync(file, 'utf8'), 'not a folder');
  });

  it('refuses a folder it cannot read', { skip: process.getuid?.() === 0 ?
    'running as root, which reads every folder whatever its permissions' :
    process.platform === 'win32' && 'no POSIX permissions' }, (): void => {
    const folder = join(root, 'locked');
    mkdirSync(folder, { mode: 0o000 });
    try {
      refuses(folder, /cannot be read \(EACCES\)/u);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
