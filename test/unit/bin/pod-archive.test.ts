// Pod export archive (docs/move.md): path safety, entry names, the manifest, the tar writer (checked with
// our scanner and with GNU tar), Link header and listing parsing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
// @ts-expect-error: plain ESM module without type declarations
import * as manifestModule from '../../../bin/lib/pod/manifest.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as tarModule from '../../../bin/lib/pod/tar.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as scanModule from '../../../bin/lib/pod/tar-scan.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as exportModule from '../../../bin/lib/pod/export.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as cliModule from '../../../bin/lib/pod-cli.mjs';

interface ManifestResource { path: string; entry: string; kind: string; aclOf?: string; sha256?: string; size?: number }
interface Manifest { '@context': Record<string, unknown>; format: string; version: number; source: string;
  webId?: string; created: string; resources: ManifestResource[] }
interface ScannedEntry { name: string; type: string; size: number; sha256: string; data?: Buffer }
interface TarWriter { addFile: (name: string, size: number, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) =>
  Promise<void>; addDirectory: (name: string) => Promise<void>; finish: () => Promise<void>; bytes: number }

const { relativePath, podEntryName, aclEntryName, buildManifest, checkManifest, UnsafePathError, MANIFEST_NAME } =
  manifestModule as {
    relativePath: (pod: string, url: string) => string;
    podEntryName: (path: string) => string;
    aclEntryName: (path: string) => string;
    buildManifest: (data: { source: string; webId?: string | null; created: Date; resources: object[] }) => Manifest;
    checkManifest: (manifest: unknown) => string[];
    UnsafePathError: new (...args: unknown[]) => Error & { reason: string };
    MANIFEST_NAME: string;
  };
const { TarWriter, paxRecord } = tarModule as {
  TarWriter: new (output: PassThrough) => TarWriter;
  paxRecord: (key: string, value: string) => string;
};
const { scanTar } = scanModule as {
  scanTar: (chunks: AsyncIterable<Buffer>, options?: { keep?: (name: string) => boolean }) => Promise<ScannedEntry[]>;
};
const { linkTargets, containedResources } = exportModule as {
  linkTargets: (header: string | null, rel: string, base: string) => string[];
  containedResources: (turtle: string, container: string) => string[];
};
const { parseExportOptions, PodOptionError } = cliModule as {
  parseExportOptions: (argv: string[], env?: Record<string, string>) => Record<string, unknown>;
  PodOptionError: new (...args: unknown[]) => Error;
};

const POD = 'https://cartable.example/p3f9a1c27e0/';
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Writes entries with TarWriter and returns the archive bytes. */
async function archive(write: (tar: TarWriter) => Promise<void>): Promise<Buffer> {
  const output = new PassThrough();
  const parts: Buffer[] = [];
  output.on('data', (chunk: Buffer): void => {
    parts.push(chunk);
  });
  const tar = new TarWriter(output);
  await write(tar);
  await tar.finish();
  return Buffer.concat(parts);
}

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  // Odd chunk sizes, to exercise the scanner's buffering.
  for (let offset = 0; offset < data.length; offset += 777) {
    yield data.subarray(offset, offset + 777);
  }
}

/** GNU tar's listing of an archive (names only). */
async function gnuTarList(data: Buffer): Promise<string[]> {
  const child = spawn('tar', [ '-tf', '-' ], { stdio: [ 'pipe', 'pipe', 'pipe' ] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer): void => {
    out += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer): void => {
    err += chunk.toString('utf8');
  });
  child.stdin.end(data);
  const code = await new Promise<number | null>((resolve): void => {
    child.on('close', resolve);
  });
  assert.equal(code, 0, err);
  return out.split('\n').filter(Boolean);
}

describe('pod export paths', (): void => {
  it('maps resource URLs to percent-decoded paths relative to the pod root', (): void => {
    assert.equal(relativePath(POD, POD), '');
    assert.equal(relativePath(POD, `${POD}notes/a`), 'notes/a');
    assert.equal(relativePath(POD, `${POD}drive/Mes%20cours/`), 'drive/Mes cours/');
    assert.equal(relativePath(POD, `${POD}drive/%C3%A9t%C3%A9.pdf`), 'drive/été.pdf');
    assert.equal(relativePath(POD, `${POD}drive/été.pdf`), 'drive/été.pdf');
    assert.equal(relativePath('https://cartable.example/p3f9a1c27e0', `${POD}x`), 'x');
  });

  it('refuses URLs outside the pod', (): void => {
    for (const url of [ 'https://other.example/p3f9a1c27e0/x', 'http://cartable.example/p3f9a1c27e0/x',
      'https://cartable.example/another/x', 'https://cartable.example/p3f9a1c27e0x', `${POD}x?q=1`, `${POD}x#frag`,
      'urn:x:y' ]) {
      assert.throws((): string => relativePath(POD, url), (error: Error & { reason: string }): boolean =>
        error instanceof UnsafePathError && error.reason === 'outside-pod', url);
    }
  });

  it('refuses paths that could escape the archive folder once decoded', (): void => {
    for (const url of [ `${POD}../other/x`, `${POD}a/%2e%2e/b`, `${POD}a/%2E%2E/%2E%2E/etc/passwd`, `${POD}a/./b`,
      `${POD}a/..%2Fb`, `${POD}a%2F..%2F..%2Fb`, `${POD}a%5Cb`, `${POD}a//b`, `${POD}a%00b`, `${POD}bad%E9` ]) {
      assert.throws((): string => relativePath(POD, url), UnsafePathError, url);
    }
  });

  it('names archive entries: pod/<path>, acl/<path>.acl, manifest last', (): void => {
    assert.equal(podEntryName('notes/a'), 'cartable-export/pod/notes/a');
    assert.equal(podEntryName('drive/'), 'cartable-export/pod/drive/');
    assert.equal(aclEntryName(''), 'cartable-export/acl/.acl');
    assert.equal(aclEntryName('drive/'), 'cartable-export/acl/drive/.acl');
    assert.equal(aclEntryName('profile/card'), 'cartable-export/acl/profile/card.acl');
    assert.equal(MANIFEST_NAME, 'cartable-export/manifest.jsonld');
  });
});

describe('pod export manifest', (): void => {
  const resources = [
    { path: '', entry: 'cartable-export/pod/', kind: 'container' },
    { path: 'notes/a', entry: 'cartable-export/pod/notes/a', kind: 'rdf', contentType: 'text/turtle', size: 3, sha256: sha256('abc') },
    { path: '.acl', entry: 'cartable-export/acl/.acl', kind: 'acl', aclOf: '', contentType: 'text/turtle', size: 0, sha256: sha256('') },
  ];

  it('is JSON-LD with the format, version, source, WebID, date and resources', (): void => {
    const manifest = buildManifest({ source: POD, webId: `${POD}profile/card#me`, created: new Date('2025-09-01T08:00:00Z'), resources });
    assert.equal(manifest.format, 'cartable-pod-export');
    assert.equal(manifest.version, 1);
    assert.equal(manifest.source, POD);
    assert.equal(manifest.webId, `${POD}profile/card#me`);
    assert.equal(manifest.created, '2025-09-01T08:00:00.000Z');
    assert.equal(manifest['@context'].cartable, 'https://w3id.org/cartable/ns#');
    for (const term of [ 'format', 'version', 'source', 'webId', 'created', 'resources', 'path', 'kind', 'contentType', 'size', 'sha256' ]) {
      assert.ok(manifest['@context'][term], `context defines ${term}`);
    }
    assert.deepEqual(manifest.resources, resources);
    assert.deepEqual(checkManifest(JSON.parse(JSON.stringify(manifest))), []);
    assert.equal(buildManifest({ source: POD, created: new Date(), resources }).webId, undefined);
  });

  it('checkManifest reports unsafe paths, unknown kinds and missing hashes', (): void => {
    const bad = buildManifest({ source: POD, created: new Date(), resources: [
      { path: '../x', kind: 'rdf', sha256: sha256('') },
      { path: 'a', kind: 'folder' },
      { path: '/etc/passwd', kind: 'binary', sha256: sha256('') },
      { path: 'b', kind: 'binary' },
      { path: 'x.acl', kind: 'acl', aclOf: 'a/../../b', sha256: sha256('') },
    ] });
    assert.equal(checkManifest(bad).length, 6);
    assert.deepEqual(checkManifest({ format: 'other', version: 2 }), [ 'format is "other", expected cartable-pod-export',
      'version is 2, expected 1', 'resources is not a list' ]);
  });
});

describe('pod export tar writer', (): void => {
  it('writes entries that GNU tar and our scanner read back, with pax headers for long and non-ASCII names', async(): Promise<void> => {
    const long = `cartable-export/pod/${'dossier/'.repeat(20)}fichier.txt`;
    const body = Buffer.alloc(1500, 7);
    const data = await archive(async(tar): Promise<void> => {
      await tar.addFile('cartable-export/pod/notes/a', 3, [ Buffer.from('abc') ]);
      await tar.addFile('cartable-export/pod/drive/été.bin', body.length, once(body));
      await tar.addFile(long, 0, []);
      await tar.addDirectory('cartable-export/pod/empty/');
      await tar.addFile(MANIFEST_NAME, 2, [ Buffer.from('{}') ]);
    });
    assert.equal(data.length % 512, 0);
    const names = [ 'cartable-export/pod/notes/a', 'cartable-export/pod/drive/été.bin', long, 'cartable-export/pod/empty/', MANIFEST_NAME ];
    assert.deepEqual(await gnuTarList(data), names);
    const entries = await scanTar(once(data), { keep: (name): boolean => name === MANIFEST_NAME });
    assert.deepEqual(entries.map((entry): string => entry.name), names);
    assert.equal(entries[1].sha256, sha256(body));
    assert.equal(entries[1].size, 1500);
    assert.equal(entries[3].type, '5');
    assert.equal(entries[4].data?.toString(), '{}');
  });

  it('pads an entry whose source ends early, keeps the archive readable, and reports the error', async(): Promise<void> => {
    let failure: unknown;
    const data = await archive(async(tar): Promise<void> => {
      await tar.addFile('short', 10, [ Buffer.from('abc') ]).catch((error: unknown): void => {
        failure = error;
      });
      await tar.addFile('next', 1, [ Buffer.from('z') ]);
    });
    assert.match(String(failure), /3 bytes received of the announced 10/u);
    assert.deepEqual((await scanTar(once(data))).map((entry): string => entry.name), [ 'short', 'next' ]);
    await assert.rejects(archive(async(tar): Promise<void> => tar.addFile('long', 1, [ Buffer.from('abc') ])), /more than the announced/u);
  });

  it('sizes pax records including their own length digits', (): void => {
    for (const value of [ 'a', 'x'.repeat(85), 'x'.repeat(86), 'x'.repeat(994), 'é'.repeat(300) ]) {
      const record = paxRecord('path', value);
      assert.equal(Number(record.split(' ')[0]), Buffer.byteLength(record), value.length.toString());
    }
  });
});

describe('pod export protocol parsing', (): void => {
  it('finds the ACL in a Link header', (): void => {
    const header = '<http://www.w3.org/ns/ldp#Resource>; rel="type", <card.acl>; rel="acl", <card.meta>; rel="describedby"';
    assert.deepEqual(linkTargets(header, 'acl', `${POD}profile/card`), [ `${POD}profile/card.acl` ]);
    assert.deepEqual(linkTargets('<.acl>; rel=acl', 'acl', POD), [ `${POD}.acl` ]);
    assert.deepEqual(linkTargets(null, 'acl', POD), []);
  });

  it('lists the children a container names with ldp:contains, only its own', (): void => {
    const turtle = `@prefix ldp: <http://www.w3.org/ns/ldp#>.
<> ldp:contains <a>, <b/>, <../elsewhere>, <https://evil.example/x>.
<b/> ldp:contains <b/c>.`;
    assert.deepEqual(containedResources(turtle, `${POD}drive/`),
      [ `${POD}drive/a`, `${POD}drive/b/`, `${POD}elsewhere`, 'https://evil.example/x' ].sort());
  });
});

describe('pod export options', (): void => {
  it('needs --pod and --out, and both client credentials or neither', (): void => {
    assert.throws((): unknown => parseExportOptions([ '--out', 'x.tar' ]), PodOptionError);
    assert.throws((): unknown => parseExportOptions([ '--pod', POD ]), PodOptionError);
    assert.throws((): unknown => parseExportOptions([ '--pod', 'ftp://x/', '--out', 'x.tar' ]), PodOptionError);
    assert.throws((): unknown => parseExportOptions([ '--pod', POD, '--out', 'x.tar', '--client-id', 'a' ], {}), /go together/u);
    assert.throws((): unknown => parseExportOptions([ '--pod', POD, '--out', 'x.tar', '--concurrency', '0' ]), /concurrency/u);
    assert.throws((): unknown => parseExportOptions([ '--pod', POD, '--out', 'x.tar', '--bogus' ]), PodOptionError);
    const options = parseExportOptions([ '--pod', 'https://cartable.example/p3f9a1c27e0', '--out', 'x.tar' ], {});
    assert.equal(options.pod, POD);
    assert.equal(options.issuer, 'https://cartable.example/');
    assert.equal(options.concurrency, 4);
    const fromEnv = parseExportOptions([ '--pod', POD, '--out', 'x.tar' ], { CARTABLE_CLIENT_ID: 'id', CARTABLE_CLIENT_SECRET: 's' });
    assert.equal(fromEnv.clientId, 'id');
  });
});
