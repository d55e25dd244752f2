// Moving a pod over a bad network (docs/move.md), with the real tool in a child process and real servers
// behind a real TCP proxy (test/util/cut-proxy.ts) that each server knows as its base URL:
// - the network is cut part-way through an import: the run fails and says so; running it again completes it,
//   finding what the first run wrote "already there", with nothing written twice and every file identical;
// - an upload that streams longer than stock CSS 7.2's 6 s resource lock gets HTTP 500: that file is retried,
//   then reported as failed (exit 3), never counted as moved; a run at full speed moves it.
// The same two cases for the live move (`pod move`): Cartable → Cartable cut mid-move, Cartable → stock CSS with a
// slow upload; a failed move never marks the source moved, and the next run completes it.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'n3';
import { bearerTokenFor, clientCredentialsFor, createAccountWithPod } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { freePort, startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startCutProxy } from '../util/cut-proxy.ts';
import type { CutProxy } from '../util/cut-proxy.ts';
import { runPodCli } from '../util/pod-cli.ts';
import type { CliResult } from '../util/pod-cli.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';

interface Item { path: string; url: string; reason: string; expected?: boolean }
interface ImportReport { moved: number; alreadyThere: number; movedPaths: string[]; alreadyTherePaths: string[];
  skipped: Item[]; failed: Item[]; bytes: number; durationMs: number; complete: boolean }
interface MoveReport extends Omit<ImportReport, 'alreadyTherePaths'> {
  source: { cartable: boolean; locked: boolean; markedMoved: boolean } }

const MB = 1024 * 1024;
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Client credentials of the account, as command-line options (`--client-id`, or `--from-client-id`…). */
async function credentialsFor(baseUrl: string, account: TestAccount, prefix = ''): Promise<string[]> {
  const { id, secret } = await clientCredentialsFor(baseUrl, account, `move-network-${prefix || 'import'}`);
  return [ `--${prefix}client-id`, id, `--${prefix}client-secret`, secret ];
}

/** The report of a `--json` run, or null when stdout is not one. */
function reportOf<T = ImportReport>(result: CliResult): T | null {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    return null;
  }
}

const explain = (result: CliResult): string => `exit ${result.code}\nstderr: ${result.stderr.slice(-2000)}\nstdout: ${result.stdout.slice(0, 4000)}`;

/** PUTs the files into the pod with the account's Bearer token. */
async function fill(baseUrl: string, account: TestAccount, files: Map<string, { body: Buffer; type: string }>): Promise<void> {
  const token = await bearerTokenFor(baseUrl, account);
  for (const [ path, { body, type }] of files) {
    const response = await fetch(`${account.pod}${path}`, { method: 'PUT', body: new Uint8Array(body),
      headers: { authorization: `Bearer ${token}`, 'content-type': type } });
    assert.ok(response.ok, `PUT ${path}: ${response.status} ${await response.text()}`);
  }
}

/** The bytes of each file on the target, compared with the source's; the listings of their folders compared too. */
async function assertSameFiles(baseUrl: string, account: TestAccount, files: Map<string, { body: Buffer; type: string }>):
Promise<void> {
  const token = await bearerTokenFor(baseUrl, account);
  const headers = { authorization: `Bearer ${token}` };
  const folders = new Map<string, Set<string>>();
  for (const [ path, { body, type }] of files) {
    const response = await fetch(`${account.pod}${path}`, { headers: { ...headers, accept: type }});
    assert.equal(response.status, 200, `GET ${path}`);
    const got = Buffer.from(await response.arrayBuffer());
    if (type === 'text/turtle') {
      assert.match(got.toString('utf8'), /Réviser/u, `${path} kept its text`);
    } else {
      assert.equal(sha256(got), sha256(body), `${path} is byte-identical (${got.length} of ${body.length} bytes)`);
    }
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    folders.set(folder, (folders.get(folder) ?? new Set()).add(`${account.pod}${path}`));
  }
  for (const [ folder, expected ] of folders) {
    const url = `${account.pod}${folder}`;
    const listing = await fetch(url, { headers: { ...headers, accept: 'text/turtle' }});
    assert.equal(listing.status, 200, `GET ${folder}`);
    const children = new Parser({ baseIRI: url }).parse(await listing.text())
      .filter((quad): boolean => quad.subject.value === url && quad.predicate.value === 'http://www.w3.org/ns/ldp#contains')
      .map((quad): string => quad.object.value).filter((child): boolean => !child.endsWith('/')).sort();
    assert.deepEqual(children, [ ...expected ].sort(), `${folder} holds exactly the source's files, nothing duplicated`);
  }
}

/** The state of a Cartable pod from the move API (docs/move-api.md), asked by its owner. */
async function podState(baseUrl: string, account: TestAccount): Promise<string> {
  const token = await bearerTokenFor(baseUrl, account);
  const response = await fetch(`${baseUrl}.cartable/move/?pod=${encodeURIComponent(account.pod)}`,
    { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }});
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json() as { state: string }).state;
}

describe('pod import and pod move over a bad network', (): void => {
  let cartable: TestServer;
  let cartableProxy: CutProxy;
  let stock: StockServer;
  let stockProxy: CutProxy;
  let dir: string;
  // What the Cartable → Cartable cut move left behind, for the lock check.
  let afterCut: { state: string; reported: MoveReport['source'] | null; writeStatus: number } | undefined;

  before(async(): Promise<void> => {
    dir = mkdtempSync(join(tmpdir(), 'cartable-move-network-'));
    const [ cartablePort, stockPort ] = [ await freePort(), await freePort() ];
    [ cartableProxy, stockProxy ] = await Promise.all([ startCutProxy({ targetPort: cartablePort }),
      startCutProxy({ targetPort: stockPort }) ]);
    [ cartable, stock ] = await Promise.all([ startTestServer({ port: cartablePort, baseUrl: cartableProxy.url }),
      startStockCss('localhost', 90_000, { port: stockPort, baseUrl: stockProxy.url }) ]);
  });
  after(async(): Promise<void> => {
    await Promise.all([ cartable?.stop(), stock?.stop() ]);
    await Promise.all([ cartableProxy?.close(), stockProxy?.close() ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a network cut mid-import fails the run; the next run resumes: already there kept, nothing twice, files identical',
    async(t): Promise<void> => {
      const files = new Map<string, { body: Buffer; type: string }>([
        [ 'drive/cours/maths/video-1.bin', { body: randomBytes(MB), type: 'application/octet-stream' }],
        [ 'drive/cours/maths/video-2.bin', { body: randomBytes(MB), type: 'application/octet-stream' }],
        [ 'drive/cours/histoire/carte.png', { body: randomBytes(MB), type: 'image/png' }],
        [ 'drive/photos/sortie.jpg', { body: randomBytes(MB), type: 'image/jpeg' }],
        [ 'drive/photos/classe.jpg', { body: randomBytes(512 * 1024), type: 'image/jpeg' }],
        [ 'drive/cours/r%C3%A9sum%C3%A9.txt', { body: Buffer.from('Résumé du cours.\n'), type: 'text/plain' }],
        [ 'notes/note-1', { body: Buffer.from('<#it> <http://schema.org/text> "Réviser les fractions".'), type: 'text/turtle' }],
      ]);
      const total = [ ...files.values() ].reduce((sum, file): number => sum + file.body.length, 0);
      const source = await createAccountWithPod(cartable.url, 'e1f2a3', { fullName: 'Lou Réseau', role: 'pupil' });
      await fill(cartable.url, source, files);
      const archive = join(dir, 'pupil.tar');
      const exported = await runPodCli([ 'export', '--pod', source.pod, ...await credentialsFor(cartable.url, source), '--out', archive, '--json' ]);
      assert.equal(exported.code, 0, explain(exported));

      const target = await createAccountWithPod(cartable.url, 'b4c5d6', { fullName: 'Lou Réseau', role: 'pupil' });
      const options = [ 'import', '--archive', archive, '--pod', target.pod, ...await credentialsFor(cartable.url, target), '--json' ];
      // One file at a time, cut after 60 % of the pod: the first files are written whole before the cut.
      cartableProxy.cutAfter(Math.floor(total * 0.6));
      const cut = await runPodCli([ ...options, '--concurrency', '1' ]);
      assert.equal(cartableProxy.tripped, true, 'the network was cut during the import');
      assert.ok(cut.code === 1 || cut.code === 3, `a cut run fails: ${explain(cut)}`);
      const first = reportOf(cut);
      if (cut.code === 3) {
        assert.ok(first, explain(cut));
        assert.equal(first.complete, false);
        assert.ok(first.failed.length > 0, 'the report lists what failed');
        for (const item of first.failed) {
          assert.match(item.reason, /network error|timeout/u, `${item.path}: ${item.reason}`);
          assert.ok(!first.movedPaths.includes(item.path), `${item.path} failed and is not counted as moved`);
        }
        const big = [ ...files ].filter(([ , file ]): boolean => file.body.length >= 512 * 1024).map(([ path ]): string => path);
        assert.ok(big.some((path): boolean => first.movedPaths.includes(path)),
          `some large files went through whole before the cut: ${first.movedPaths.join(', ')}`);
      } else {
        assert.match(cut.stderr, /cannot be reached|network error/u, explain(cut));
      }
      t.diagnostic(`cut after ${cartableProxy.uploaded} bytes up: exit ${cut.code}, ${first?.moved ?? 0} moved, ` +
        `${first?.failed.length ?? '?'} failed (${first?.failed[0]?.reason ?? cut.stderr.trim()})`);

      // The network comes back: a fresh proxy at the same address, with no cut.
      await cartableProxy.close();
      cartableProxy = await startCutProxy({ targetPort: cartable.port, port: cartableProxy.port });
      const resumed = await runPodCli(options);
      assert.equal(resumed.code, 0, explain(resumed));
      const second = reportOf(resumed);
      assert.ok(second, explain(resumed));
      assert.deepEqual(second.failed, []);
      assert.equal(second.complete, true);
      assert.ok(second.alreadyThere > 0, 'what the first run wrote is already there');
      for (const path of first?.movedPaths ?? []) {
        assert.ok(second.alreadyTherePaths.includes(path), `${path}, moved by the first run, is not written again`);
      }
      for (const path of files.keys()) {
        const decoded = decodeURIComponent(path);
        assert.ok(second.movedPaths.includes(decoded) || second.alreadyTherePaths.includes(decoded), `${decoded} is accounted for`);
      }
      assert.ok(second.bytes < total, `the second run wrote ${second.bytes} bytes, less than the ${total} of the pod`);
      await assertSameFiles(cartable.url, target, files);
      t.diagnostic(`re-run: ${second.moved} moved, ${second.alreadyThere} already there, ${second.bytes} bytes`);
    });

  it('stock CSS answers 500 to an upload longer than its 6 s lock: the file is retried, reported failed, moved by the next run',
    async(t): Promise<void> => {
      const slow = 'drive/cours/gros-fichier.bin';
      const files = new Map<string, { body: Buffer; type: string }>([
        [ slow, { body: randomBytes(MB), type: 'application/octet-stream' }],
        [ 'drive/cours/petit.txt', { body: Buffer.from('Petit fichier.\n'), type: 'text/plain' }],
        [ 'notes/note-1', { body: Buffer.from('<#it> <http://schema.org/text> "Réviser la leçon".'), type: 'text/turtle' }],
      ]);
      const source = await createAccountWithPod(cartable.url, 'f7a8b9', { fullName: 'Sam Lent', role: 'pupil' });
      await fill(cartable.url, source, files);
      const archive = join(dir, 'slow.tar');
      const exported = await runPodCli([ 'export', '--pod', source.pod, ...await credentialsFor(cartable.url, source), '--out', archive, '--json' ]);
      assert.equal(exported.code, 0, explain(exported));

      const target = await createAccountWithPod(stockProxy.url, 'sam');
      const options = [ 'import', '--archive', archive, '--pod', target.pod, ...await credentialsFor(stockProxy.url, target), '--json' ];
      // 1 MiB at 100 kB/s: about 10 s of upload, longer than the 6 s lock of stock CSS.
      stockProxy.throttle(100_000);
      const throttled = await runPodCli(options);
      stockProxy.throttle(null);
      assert.equal(throttled.code, 3, explain(throttled));
      const first = reportOf(throttled);
      assert.ok(first, explain(throttled));
      const failed = first.failed.find((item): boolean => item.path === slow);
      assert.ok(failed, `the slow file is reported as failed: ${JSON.stringify(first.failed)}`);
      assert.match(failed.reason, /HTTP 500|network error/u);
      assert.ok(!first.movedPaths.includes(slow), 'the slow file is not counted as moved');
      assert.ok(!first.alreadyTherePaths.includes(slow));
      assert.equal(first.complete, false);
      assert.ok(first.movedPaths.includes('drive/cours/petit.txt'), 'the small files went through');
      assert.ok(throttled.ms > 12_000, `two attempts of more than 6 s each (${throttled.ms} ms)`);
      t.diagnostic(`throttled: exit ${throttled.code}, ${first.moved} moved, failed ${slow}: ${failed.reason} (${throttled.ms} ms)`);

      const again = await runPodCli(options);
      assert.equal(again.code, 0, explain(again));
      const second = reportOf(again);
      assert.ok(second, explain(again));
      assert.deepEqual(second.failed, []);
      // Stock CSS keeps the bytes of an upload it answered 500 to (the lock expired, the write went on): then the
      // next run finds the file identical, "already there". Either way the bytes are checked below.
      assert.ok(second.movedPaths.includes(slow) || second.alreadyTherePaths.includes(slow), 'the slow file is on the target now');
      assert.ok(second.alreadyTherePaths.includes('drive/cours/petit.txt'));
      await assertSameFiles(stockProxy.url, target, files);
      t.diagnostic(`full speed: ${second.moved} moved, ${second.alreadyThere} already there; the slow file ` +
        `${second.movedPaths.includes(slow) ? 'moved' : 'was already there (stock CSS kept the bytes it answered 500 to)'}`);
    });
  it('pod move, Cartable → Cartable: a network cut mid-move fails it, the source is not marked moved; the next run completes it',
    async(t): Promise<void> => {
      const files = new Map<string, { body: Buffer; type: string }>([
        [ 'drive/cours/maths/video-1.bin', { body: randomBytes(MB), type: 'application/octet-stream' }],
        [ 'drive/cours/maths/video-2.bin', { body: randomBytes(MB), type: 'application/octet-stream' }],
        [ 'photos/sortie/photo-1.jpg', { body: randomBytes(MB), type: 'image/jpeg' }],
        [ 'photos/sortie/photo-2.jpg', { body: randomBytes(MB), type: 'image/jpeg' }],
        [ 'drive/cours/r%C3%A9sum%C3%A9.txt', { body: Buffer.from('Résumé du cours.\n'), type: 'text/plain' }],
        [ 'notes/note-1', { body: Buffer.from('<#it> <http://schema.org/text> "Réviser les fractions".'), type: 'text/turtle' }],
      ]);
      const total = [ ...files.values() ].reduce((sum, file): number => sum + file.body.length, 0);
      const source = await createAccountWithPod(cartable.url, 'a7b8c9', { fullName: 'Lou Déménage', role: 'pupil' });
      await fill(cartable.url, source, files);
      const target = await createAccountWithPod(cartable.url, 'd1e2f3', { fullName: 'Lou Déménage', role: 'pupil' });
      const args = [ 'move', '--from', source.pod, ...await credentialsFor(cartable.url, source, 'from-'),
        '--to', target.pod, ...await credentialsFor(cartable.url, target, 'to-'), '--yes', '--no-notify', '--json' ];

      cartableProxy.cutAfter(Math.floor(total * 0.6));
      const cut = await runPodCli([ ...args, '--concurrency', '1' ]);
      assert.equal(cartableProxy.tripped, true, 'the network was cut during the move');
      assert.ok(cut.code === 1 || cut.code === 3, `a cut move fails: ${explain(cut)}`);
      const first = reportOf<MoveReport>(cut);
      if (cut.code === 3) {
        assert.ok(first, explain(cut));
        assert.equal(first.complete, false);
        assert.ok(first.failed.length > 0, 'the report lists what failed');
        for (const item of first.failed) {
          assert.ok(!first.movedPaths.includes(item.path), `${item.path} failed and is not counted as moved`);
        }
        assert.equal(first.source.markedMoved, false, 'an incomplete move never marks the source moved');
      } else {
        assert.match(cut.stderr, /cannot be reached|network error|could not/u, explain(cut));
      }

      // The network comes back.
      await cartableProxy.close();
      cartableProxy = await startCutProxy({ targetPort: cartable.port, port: cartableProxy.port });
      const state = await podState(cartable.url, source);
      t.diagnostic(`cut move: exit ${cut.code}, ${first?.moved ?? 0} moved, ${first?.failed.length ?? '?'} failed ` +
        `(${first?.failed[0]?.reason ?? cut.stderr.trim()}); report source ${JSON.stringify(first?.source)}; source state now ${state}`);
      assert.notEqual(state, 'moved');
      const sourceToken = await bearerTokenFor(cartable.url, source);
      const write = await fetch(`${source.pod}drive/apres-coupure.txt`, { method: 'PUT', body: 'écrit',
        headers: { authorization: `Bearer ${sourceToken}`, 'content-type': 'text/plain' } });
      await write.body?.cancel();
      afterCut = { state, reported: first?.source ?? null, writeStatus: write.status };
      t.diagnostic(`a write to the source after the failed move: HTTP ${write.status}`);

      const resumed = await runPodCli(args);
      assert.equal(resumed.code, 0, explain(resumed));
      const second = reportOf<MoveReport>(resumed);
      assert.ok(second, explain(resumed));
      assert.deepEqual(second.failed, []);
      assert.equal(second.complete, true);
      assert.equal(second.source.markedMoved, true);
      assert.ok(second.alreadyThere > 0);
      for (const path of first?.movedPaths ?? []) {
        assert.ok(!second.movedPaths.includes(path), `${path}, moved by the first run, is not written again`);
      }
      assert.ok(second.bytes < total, `the second run wrote ${second.bytes} bytes, less than the ${total} of the pod`);
      await assertSameFiles(cartable.url, target, files);
      assert.equal(await podState(cartable.url, source), 'moved');
      const old = await fetch(`${source.pod}drive/cours/maths/video-1.bin`, { redirect: 'manual' });
      assert.equal(old.status, 308);
      assert.equal(old.headers.get('location'), `${target.pod}drive/cours/maths/video-1.bin`);
      t.diagnostic(`resumed move: ${second.moved} moved, ${second.alreadyThere} already there, ${second.bytes} bytes`);
    });

  it('pod move: after a cut, the report says whether the source is still locked (read-only)', (): void => {
    assert.ok(afterCut, 'the cut move ran');
    assert.ok(afterCut.state === 'active' || afterCut.reported?.locked === true,
      `the source is still ${afterCut.state} (writes get HTTP ${afterCut.writeStatus}) after the failed move, but the report says ` +
      `${JSON.stringify(afterCut.reported)}`);
  });

  it('pod move, Cartable → stock CSS: an upload longer than the 6 s lock fails (exit 3), the source stays; the next run completes',
    async(t): Promise<void> => {
      const slow = 'drive/cours/gros-fichier.bin';
      const files = new Map<string, { body: Buffer; type: string }>([
        [ slow, { body: randomBytes(MB), type: 'application/octet-stream' }],
        [ 'drive/cours/petit.txt', { body: Buffer.from('Petit fichier.\n'), type: 'text/plain' }],
        [ 'notes/note-1', { body: Buffer.from('<#it> <http://schema.org/text> "Réviser la leçon".'), type: 'text/turtle' }],
      ]);
      const source = await createAccountWithPod(cartable.url, 'c3d4e5', { fullName: 'Noé Lent', role: 'pupil' });
      await fill(cartable.url, source, files);
      const target = await createAccountWithPod(stockProxy.url, 'noe');
      const args = [ 'move', '--from', source.pod, ...await credentialsFor(cartable.url, source, 'from-'),
        '--to', target.pod, ...await credentialsFor(stockProxy.url, target, 'to-'), '--yes', '--no-notify', '--json' ];

      stockProxy.throttle(100_000);
      const throttled = await runPodCli(args);
      stockProxy.throttle(null);
      assert.equal(throttled.code, 3, explain(throttled));
      const first = reportOf<MoveReport>(throttled);
      assert.ok(first, explain(throttled));
      const failed = first.failed.find((item): boolean => item.path === slow);
      assert.ok(failed, `the slow file is reported as failed: ${JSON.stringify(first.failed)}`);
      assert.match(failed.reason, /HTTP 500|network error/u);
      assert.ok(!first.movedPaths.includes(slow), 'the slow file is not counted as moved');
      assert.equal(first.complete, false);
      assert.deepEqual(first.source, { cartable: true, locked: false, markedMoved: false }, 'the lock is released, the source not moved');
      assert.equal(await podState(cartable.url, source), 'active');
      t.diagnostic(`throttled move: exit ${throttled.code}, ${first.moved} moved, failed ${slow}: ${failed.reason} (${throttled.ms} ms)`);

      const again = await runPodCli(args);
      assert.equal(again.code, 0, explain(again));
      const second = reportOf<MoveReport>(again);
      assert.ok(second, explain(again));
      assert.deepEqual(second.failed, []);
      assert.equal(second.complete, true);
      assert.equal(second.source.markedMoved, true);
      await assertSameFiles(stockProxy.url, target, files);
      assert.equal(await podState(cartable.url, source), 'moved');
      t.diagnostic(`full speed move: ${second.moved} moved, ${second.alreadyThere} already there; the slow file ` +
        `${second.movedPaths.includes(slow) ? 'moved' : 'was already there (stock CSS kept the bytes it answered 500 to)'}`);
    });
});
