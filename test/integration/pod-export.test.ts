// Pod export (docs/move.md) through the Solid protocol alone, run as the real command-line tool in a
// child process, against a Cartable pod and a pod on a stock Community Solid Server 7.2: every resource
// in the archive, bytes identical, manifest hashes matching the entries, ACLs present.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { POD_AREAS, POD_DOCUMENTS } from '../../components/dist/pods/PodLayout.js';
// @ts-expect-error: plain ESM module without type declarations
import * as scanModule from '../../bin/lib/pod/tar-scan.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as manifestModule from '../../bin/lib/pod/manifest.mjs';
import { bearerTokenFor, controls, createAccountWithPod, post } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';
import { runPodCli } from '../util/pod-cli.ts';

interface ScannedEntry { name: string; type: string; size: number; sha256: string; data?: Buffer }
interface ManifestResource { path: string; entry: string; kind: string; aclOf?: string; contentType?: string;
  size?: number; sha256?: string }
interface Manifest { format: string; version: number; source: string; webId?: string; created: string;
  resources: ManifestResource[]; skipped: unknown[] }
interface Report { counts: Record<string, number>; resources: number; bytes: number; skipped: { path?: string; reason: string }[];
  durationMs: number; complete: boolean; webId: string | null }

const { scanTar } = scanModule as {
  scanTar: (chunks: AsyncIterable<Buffer>, options?: { keep?: (name: string) => boolean }) => Promise<ScannedEntry[]>;
};
const { checkManifest } = manifestModule as { checkManifest: (manifest: unknown) => string[] };

const MANIFEST = 'cartable-export/manifest.jsonld';
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Raw client credentials (id and secret) for the account's WebID, through the account API. */
async function clientCredentials(baseUrl: string, account: TestAccount): Promise<{ id: string; secret: string }> {
  const ctl = await controls(baseUrl, account.authorization);
  const response = await post(ctl.account.clientCredentials, { name: 'pod-export-test', webId: account.webId }, account.authorization);
  assert.equal(response.status, 200, await response.clone().text());
  return await response.json() as { id: string; secret: string };
}

/** What the test puts in a pod, by path, with the SHA-256 of the bytes sent for binaries. */
interface Fixture { binarySha: string; binarySize: number; friend: string }

async function populate(pod: string, token: string): Promise<Fixture> {
  const put = async(path: string, body: Buffer | string, contentType: string): Promise<void> => {
    const response = await fetch(`${pod}${path}`, { method: 'PUT', body: typeof body === 'string' ? body : new Blob([ new Uint8Array(body) ]),
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType } });
    assert.ok(response.ok, `PUT ${path}: ${response.status} ${await response.text()}`);
  };
  const binary = randomBytes(5 * 1024 * 1024);
  const friend = 'https://friend.example/profile/card#me';
  await put('drive/cours/maths/chapitre-1.ttl', '<#c1> <http://schema.org/name> "Chapitre 1 : fractions".', 'text/turtle');
  await put('drive/cours/maths/video.bin', binary, 'application/octet-stream');
  await put('drive/Mes%20cours/r%C3%A9sum%C3%A9.txt', 'Résumé du cours.\n', 'text/plain');
  await put('drive/vide/', '', 'text/turtle');
  await put('notes/note-1', `@prefix schema: <http://schema.org/>.
<#it> a schema:NoteDigitalDocument; schema:text "Réviser les fractions".`, 'text/turtle');
  await put('drive/cours/.acl', `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${pod}profile/card#me>; acl:accessTo <./>; acl:default <./>;
  acl:mode acl:Read, acl:Write, acl:Control.
<#share> a acl:Authorization; acl:agent <${friend}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read.`, 'text/turtle');
  return { binarySha: sha256(binary), binarySize: binary.length, friend };
}

/** Exports `account`'s pod and checks the archive against its manifest and the fixture; returns them. */
async function exportAndCheck(baseUrl: string, account: TestAccount, fixture: Fixture, out: string):
Promise<{ manifest: Manifest; entries: ScannedEntry[]; report: Report; ms: number }> {
  const { id, secret } = await clientCredentials(baseUrl, account);
  const result = await runPodCli([ 'export', '--pod', account.pod, '--client-id', id, '--client-secret', secret,
    '--out', out, '--json' ]);
  assert.equal(result.code, 0, `exit code; stderr: ${result.stderr}\nstdout: ${result.stdout}`);
  const report = JSON.parse(result.stdout) as Report;
  assert.deepEqual(report.skipped, []);
  assert.equal(report.complete, true);
  assert.equal(report.webId, account.webId, 'the WebID comes from the access token');

  const entries = await scanTar(createReadStream(out), { keep: (name): boolean => name === MANIFEST || name.endsWith('.acl') ||
    name.endsWith('.ttl') || name.endsWith('note-1') || name.endsWith('.txt') });
  assert.equal(entries.at(-1)?.name, MANIFEST, 'the manifest is the last entry');
  const manifest = JSON.parse(entries.at(-1)!.data!.toString('utf8')) as Manifest;
  assert.deepEqual(checkManifest(manifest), []);
  assert.equal(manifest.format, 'cartable-pod-export');
  assert.equal(manifest.version, 1);
  assert.equal(manifest.source, account.pod);
  assert.equal(manifest.webId, account.webId);
  assert.ok(Date.now() - Date.parse(manifest.created) < 600_000);

  // Every document and ACL of the manifest is an entry with the same size and hash, and vice versa.
  const byName = new Map(entries.map((entry): [ string, ScannedEntry ] => [ entry.name, entry ]));
  const files = entries.filter((entry): boolean => entry.type === '0' && entry.name !== MANIFEST);
  for (const resource of manifest.resources.filter((item): boolean => item.kind !== 'container')) {
    const entry = byName.get(resource.entry);
    assert.ok(entry, `${resource.entry} is in the archive`);
    assert.equal(entry.sha256, resource.sha256, `hash of ${resource.path}`);
    assert.equal(entry.size, resource.size, `size of ${resource.path}`);
  }
  assert.equal(files.length, manifest.resources.filter((item): boolean => item.kind !== 'container').length,
    'no archive entry is missing from the manifest');
  assert.equal(new Set(entries.map((entry): string => entry.name)).size, entries.length, 'each resource once');

  const resource = (path: string): ManifestResource | undefined => manifest.resources.find((item): boolean => item.path === path);
  for (const path of [ '', 'drive/', 'drive/cours/', 'drive/cours/maths/', 'drive/Mes cours/', 'drive/vide/', 'notes/' ]) {
    assert.equal(resource(path)?.kind, 'container', `container ${path}`);
  }
  assert.ok(byName.get('cartable-export/pod/drive/vide/')?.type === '5', 'an empty container is a directory entry');

  const video = resource('drive/cours/maths/video.bin');
  assert.equal(video?.kind, 'binary');
  assert.equal(video?.contentType, 'application/octet-stream');
  assert.equal(video?.sha256, fixture.binarySha, 'the 5 MB file is byte-identical');
  assert.equal(video?.size, fixture.binarySize);

  const note = resource('notes/note-1');
  assert.equal(note?.kind, 'rdf');
  assert.match(note?.contentType ?? '', /^text\/turtle/u);
  assert.match(byName.get('cartable-export/pod/notes/note-1')!.data!.toString('utf8'), /Réviser les fractions/u);
  assert.equal(resource('drive/cours/maths/chapitre-1.ttl')?.kind, 'rdf');
  assert.equal(byName.get('cartable-export/pod/drive/Mes cours/résumé.txt')?.data?.toString('utf8'), 'Résumé du cours.\n');
  assert.equal(resource('drive/Mes cours/résumé.txt')?.kind, 'binary');

  const shareAcl = byName.get('cartable-export/acl/drive/cours/.acl');
  assert.ok(shareAcl, 'the ACL with the share is exported');
  assert.ok(shareAcl.data!.toString('utf8').includes(fixture.friend), 'the share is in the exported ACL');
  assert.deepEqual(manifest.resources.find((item): boolean => item.entry === 'cartable-export/acl/drive/cours/.acl')?.aclOf,
    'drive/cours/');
  assert.ok(byName.has('cartable-export/acl/.acl'), 'the root ACL is exported');
  assert.equal(report.counts.binary + report.counts.rdf + report.counts.acl + report.counts.meta, files.length);
  return { manifest, entries, report, ms: result.ms };
}

describe('pod export (cartable pod export)', (): void => {
  let cartable: TestServer;
  let stock: StockServer;
  let dir: string;

  before(async(): Promise<void> => {
    dir = mkdtempSync(join(tmpdir(), 'cartable-pod-export-'));
    [ cartable, stock ] = await Promise.all([ startTestServer(), startStockCss() ]);
  });
  after(async(): Promise<void> => {
    await Promise.all([ cartable?.stop(), stock?.stop() ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports a whole Cartable pod: every resource, identical bytes, matching hashes, ACLs, all layout areas',
    async(t): Promise<void> => {
      const account = await createAccountWithPod(cartable.url, 'f1e2d3', { fullName: 'Lou Test', role: 'pupil' });
      const fixture = await populate(account.pod, await bearerTokenFor(cartable.url, account));
      const out = join(dir, 'cartable.tar');
      const { manifest, entries, report, ms } = await exportAndCheck(cartable.url, account, fixture, out);
      const paths = new Set(manifest.resources.map((item): string => item.path));
      for (const area of POD_AREAS) {
        assert.ok(paths.has(area.path), `area ${area.path}`);
        assert.ok(entries.some((entry): boolean => entry.name === `cartable-export/acl/${area.path}.acl`), `ACL of ${area.path}`);
      }
      for (const path of Object.values(POD_DOCUMENTS)) {
        assert.ok(paths.has(path), `layout document ${path}`);
      }
      assert.ok(entries.some((entry): boolean => entry.name === 'cartable-export/acl/profile/card.acl'));
      const titled = POD_AREAS.find((area): boolean => area.path === 'drive/');
      const meta = manifest.resources.find((item): boolean => item.path === 'drive/.meta');
      assert.ok(titled && meta, 'the areas\' descriptions (their titles) are exported');
      assert.equal(meta.entry, 'cartable-export/meta/drive/.meta');
      t.diagnostic(`Cartable: ${report.resources} resources, ${report.bytes} bytes exported in ${report.durationMs} ms ` +
        `(${(report.bytes / 1e6 / (report.durationMs / 1000)).toFixed(1)} MB/s; process total ${ms} ms)`);
    });

  it('exports a pod on a stock Community Solid Server through the protocol alone', async(t): Promise<void> => {
    const account = await createAccountWithPod(stock.url, 'lou');
    const fixture = await populate(account.pod, await bearerTokenFor(stock.url, account));
    const { report, ms } = await exportAndCheck(stock.url, account, fixture, join(dir, 'stock.tar'));
    t.diagnostic(`stock CSS: ${report.resources} resources, ${report.bytes} bytes exported in ${report.durationMs} ms ` +
      `(${(report.bytes / 1e6 / (report.durationMs / 1000)).toFixed(1)} MB/s; process total ${ms} ms)`);
  });

  it('fails with exit code 1 and a clear message naming the URL when the secret is wrong', async(): Promise<void> => {
    const account = await createAccountWithPod(cartable.url, 'a9b8c7');
    const { id } = await clientCredentials(cartable.url, account);
    const out = join(dir, 'wrong.tar');
    const result = await runPodCli([ 'export', '--pod', account.pod, '--client-id', id, '--client-secret', 'not-the-secret', '--out', out ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /refused the client credentials/u);
    assert.ok(result.stderr.includes(cartable.url), `the message names the server: ${result.stderr}`);
    assert.match(result.stderr, /--client-secret/u);
    assert.ok(!existsSync(out) && !existsSync(`${out}.part`), 'no archive is left behind');
  });

  it('fails with exit code 1 when the pod is private and no credentials are given, and 2 for bad options',
    async(): Promise<void> => {
      const account = await createAccountWithPod(cartable.url, 'd4c3b2');
      const anonymous = await runPodCli([ 'export', '--pod', account.pod, '--out', join(dir, 'anonymous.tar') ]);
      assert.equal(anonymous.code, 1, anonymous.stderr);
      assert.ok(anonymous.stderr.includes(account.pod), anonymous.stderr);
      assert.match(anonymous.stderr, /HTTP 401.*not public/u);
      const unreachable = await runPodCli([ 'export', '--pod', 'http://127.0.0.1:9/pod/', '--out', join(dir, 'unreachable.tar') ]);
      assert.equal(unreachable.code, 1, unreachable.stderr);
      assert.match(unreachable.stderr, /http:\/\/127\.0\.0\.1:9\/pod\/ cannot be reached/u);
      const bad = await runPodCli([ 'export', '--out', join(dir, 'bad.tar') ]);
      assert.equal(bad.code, 2, bad.stderr);
      assert.match(bad.stderr, /--pod <URL> is required/u);
    });

  it('skips what it may not read, says why, and exits with code 3; another pupil cannot export the pod at all',
    async(): Promise<void> => {
      const owner = await createAccountWithPod(cartable.url, 'e7f8a9');
      const token = await bearerTokenFor(cartable.url, owner);
      const put = async(path: string, body: string): Promise<void> => {
        const response = await fetch(`${owner.pod}${path}`, { method: 'PUT', body,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' } });
        assert.ok(response.ok, `PUT ${path}: ${response.status}`);
      };
      await put('notes/secret', '<#s> <http://schema.org/text> "secret".');
      // Control without Read: the owner may manage the rules but not read the document.
      await put('notes/secret.acl', `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${owner.webId}>; acl:accessTo <secret>; acl:mode acl:Control.`);
      const { id, secret } = await clientCredentials(cartable.url, owner);
      const result = await runPodCli([ 'export', '--pod', owner.pod, '--client-id', id, '--client-secret', secret,
        '--out', join(dir, 'partial.tar') ]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stdout, /1 skipped/u);
      assert.match(result.stdout, /notes\/secret: HTTP 403/u);
      const entries = await scanTar(createReadStream(join(dir, 'partial.tar')), { keep: (name): boolean => name === MANIFEST });
      const manifest = JSON.parse(entries.at(-1)!.data!.toString('utf8')) as Manifest;
      assert.equal(manifest.skipped.length, 1, 'the manifest lists what is missing');
      assert.ok(!manifest.resources.some((item): boolean => item.path === 'notes/secret'));
      assert.ok(manifest.resources.some((item): boolean => item.path === 'notes/'));

      const other = await createAccountWithPod(cartable.url, 'c1c2c3');
      const credentials = await clientCredentials(cartable.url, other);
      const denied = await runPodCli([ 'export', '--pod', owner.pod, '--client-id', credentials.id,
        '--client-secret', credentials.secret, '--out', join(dir, 'denied.tar') ]);
      assert.equal(denied.code, 1, denied.stderr);
      assert.match(denied.stderr, /HTTP 403/u);
    });
});
