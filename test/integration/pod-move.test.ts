// Live pod move (docs/move.md, "Live move"), run as the real command-line tool in a child process: a realistic
// pupil pod moves from Cartable to a stock Community Solid Server 7.2 with no intermediate file (bytes
// identical, IRIs and WebID rewritten, shares kept, root made private, the new profile stating owl:sameAs the
// old WebID), the Cartable source ends "moved" (its old URLs answer 308, its old profile points to the new
// WebID), then the pod comes back from stock CSS into a new Cartable pod the home app reads. Bad input: the
// same pod, wrong credentials on either side, a dry run writing nothing, a target too small, no --yes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'n3';
import { loadCartable } from '../../apps/home/src/data/loadCartable.ts';
import { bearerTokenFor, clientCredentialsFor, createAccountWithPod, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';
import { runPodCli } from '../util/pod-cli.ts';
import { FRIEND, fillPupilPod } from '../util/pupil-pod.ts';

interface Item { path: string; url: string; reason: string }
interface MoveReport { from: string; to: string; oldWebId: string; webId: string; moved: number; alreadyThere: number;
  movedPaths: string[]; skipped: Item[]; failed: Item[]; notices: string[]; bytes: number; durationMs: number; complete: boolean;
  source: { cartable: boolean; locked: boolean; markedMoved: boolean };
  target: { cartable: boolean; quota: { used: number; limit: number; available: number } | null };
  notified: { agent: string; status: string }[]; dryRun?: boolean; documents?: number }

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';
const DCT_TITLE = 'http://purl.org/dc/terms/title';

async function sideArgs(side: 'from' | 'to', baseUrl: string, account: TestAccount): Promise<string[]> {
  const { id, secret } = await clientCredentialsFor(baseUrl, account, `pod-move-${side}`);
  return [ `--${side}`, account.pod, `--${side}-client-id`, id, `--${side}-client-secret`, secret ];
}

async function move(args: string[]): Promise<{ code: number | null; report: MoveReport; stdout: string; stderr: string; ms: number }> {
  const result = await runPodCli([ 'move', ...args, '--json' ]);
  let report = {} as MoveReport;
  try {
    report = JSON.parse(result.stdout) as MoveReport;
  } catch {
    // Checked by the caller through the exit code.
  }
  return { ...result, report };
}

async function get(url: string, token?: string, accept = '*/*'): Promise<Response> {
  return fetch(url, { headers: { accept, ...token ? { authorization: `Bearer ${token}` } : {} }, redirect: 'manual' });
}

function objectsOf(turtle: string, base: string, subject: string, predicate: string): string[] {
  return new Parser({ baseIRI: base }).parse(turtle)
    .filter((quad): boolean => quad.subject.value === subject && quad.predicate.value === predicate)
    .map((quad): string => quad.object.value);
}

describe('live pod move (cartable pod move)', (): void => {
  let cartable: TestServer;
  let stock: StockServer;
  let source: TestAccount;
  let stockAccount: TestAccount;
  let binary: Buffer;
  const friend = FRIEND;

  before(async(): Promise<void> => {
    [ cartable, stock ] = await Promise.all([ startTestServer(), startStockCss() ]);
    source = await createAccountWithPod(cartable.url, 'm1o2v3', { fullName: 'Lou Test', role: 'pupil' });
    const token = await bearerTokenFor(cartable.url, source);
    binary = await fillPupilPod(source.pod, source.webId, token, { binaryPath: 'photos/sortie/video.bin', binaryBytes: 50 * 1024 * 1024 });
    const title = await fetch(`${source.pod}drive/cours/.meta`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`,
      'content-type': 'text/n3' }, body: `@prefix solid: <http://www.w3.org/ns/solid/terms#>.
_:t a solid:InsertDeletePatch; solid:inserts { <${source.pod}drive/cours/> <${DCT_TITLE}> "Mes cours"@fr. }.` });
    assert.ok(title.ok, `PATCH .meta: ${title.status} ${await title.text()}`);
    stockAccount = await createAccountWithPod(stock.url, 'lou');
  });
  after(async(): Promise<void> => {
    await Promise.all([ cartable?.stop(), stock?.stop() ]);
  });

  it('refuses bad input before writing anything', async(): Promise<void> => {
    const from = await sideArgs('from', cartable.url, source);
    const to = await sideArgs('to', stock.url, stockAccount);
    const same = await move([ ...from, ...(await sideArgs('to', cartable.url, source)), '--yes' ]);
    assert.equal(same.code, 2, same.stderr);
    assert.match(same.stderr, /refusing to move a pod into itself/u);

    const noYes = await move([ ...from, ...to ]);
    assert.equal(noYes.code, 2, noYes.stderr);
    assert.match(noYes.stderr, /add --yes/u);

    const badTarget = await move([ ...from, '--to', stockAccount.pod, '--to-client-id', 'nobody', '--to-client-secret', 'wrong', '--yes' ]);
    assert.equal(badTarget.code, 1, badTarget.stderr);
    assert.match(badTarget.stderr, /target: .*refused the client credentials.*--to-client-id/u);
    const badSource = await move([ '--from', source.pod, '--from-client-id', 'x', '--from-client-secret', 'y', ...to, '--yes' ]);
    assert.equal(badSource.code, 1, badSource.stderr);
    assert.match(badSource.stderr, /source: .*--from-client-id/u);

    const dry = await move([ ...from, ...to, '--dry-run' ]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.report.dryRun, true);
    assert.ok((dry.report.documents ?? 0) >= 5, JSON.stringify(dry.report));
    assert.equal(dry.report.source.cartable, true, 'the source is recognised as a Cartable server');
    assert.equal(dry.report.target.cartable, false, 'stock CSS is not');
    assert.ok(dry.report.notices.some((notice): boolean => /free space cannot be checked/u.test(notice)), dry.report.notices.join('\n'));
    const stockToken = await bearerTokenFor(stock.url, stockAccount);
    assert.equal((await get(`${stockAccount.pod}drive/`, stockToken)).status, 404, 'a dry run writes nothing');
    const sourceToken = await bearerTokenFor(cartable.url, source);
    const put = await fetch(`${source.pod}drive/still-writable.txt`, { method: 'PUT', body: 'ok',
      headers: { authorization: `Bearer ${sourceToken}`, 'content-type': 'text/plain' } });
    assert.ok(put.ok, 'a dry run leaves the source writable');
  });

  it('refuses a target whose quota is too small, before writing anything', async(): Promise<void> => {
    const small = await startTestServer({ quota: '1MB' });
    try {
      const target = await createAccountWithPod(small.url, 'p3t4i5');
      const result = await move([ ...await sideArgs('from', cartable.url, source), ...await sideArgs('to', small.url, target), '--yes' ]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /bytes free, the move needs \d+: nothing was written/u);
      const token = await bearerTokenFor(small.url, target);
      assert.equal((await get(`${target.pod}photos/sortie/`, token)).status, 404, 'nothing was written');
      const sourceToken = await bearerTokenFor(cartable.url, source);
      const put = await fetch(`${source.pod}drive/still-writable.txt`, { method: 'PUT', body: 'still',
        headers: { authorization: `Bearer ${sourceToken}`, 'content-type': 'text/plain' } });
      assert.ok(put.ok, 'a refused move leaves the source writable');
    } finally {
      await small.stop();
    }
  });

  it('moves a Cartable pod to stock CSS live: identical bytes, rewritten IRIs, shares kept, old URLs redirect',
    async(t): Promise<void> => {
      const result = await move([ ...await sideArgs('from', cartable.url, source), ...await sideArgs('to', stock.url, stockAccount),
        '--yes', '--progress-json' ]);
      assert.equal(result.code, 0, `exit code; stderr: ${result.stderr}\nstdout: ${result.stdout}`);
      const { report } = result;
      assert.deepEqual(report.failed, []);
      assert.equal(report.complete, true);
      assert.equal(report.webId, stockAccount.webId);
      assert.equal(report.oldWebId, source.webId);
      assert.deepEqual(report.source, { cartable: true, locked: true, markedMoved: true });
      assert.deepEqual(report.notified.map((peer): string => peer.agent), [ friend ],
        'the friend the pod shares with is the one peer told (here unreachable: reported, not fatal)');
      const lines = result.stderr.trim().split('\n').map((line): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>);
      assert.ok(lines.some((line): boolean => line.phase === 'copy' && typeof line.totalBytes === 'number' &&
        (line.totalBytes) >= binary.length), result.stderr);
      assert.equal(lines.at(-1)?.phase, 'finish');

      const token = await bearerTokenFor(stock.url, stockAccount);
      const video = await get(`${stockAccount.pod}photos/sortie/video.bin`, token);
      assert.equal(sha256(Buffer.from(await video.arrayBuffer())), sha256(binary), 'the 50 MB video is byte-identical');
      assert.equal(await (await get(`${stockAccount.pod}drive/Mes%20cours/r%C3%A9sum%C3%A9.txt`, token)).text(), 'Résumé du cours.\n');
      const note = await (await get(`${stockAccount.pod}notes/note-1`, token, 'text/turtle')).text();
      assert.ok(!note.includes(source.pod), note);
      assert.equal((await get(stockAccount.pod)).status, 401, 'the stock root is made private like the source');
      const aclUrl = `${stockAccount.pod}drive/cours/.acl`;
      const agents = objectsOf(await (await get(aclUrl, token, 'text/turtle')).text(), aclUrl, `${aclUrl}#share`,
        'http://www.w3.org/ns/auth/acl#agent');
      assert.deepEqual(agents, [ friend ], 'the share is kept');
      const folder = `${stockAccount.pod}drive/cours/`;
      assert.deepEqual(objectsOf(await (await get(folder, token, 'text/turtle')).text(), folder, folder, DCT_TITLE), [ 'Mes cours' ],
        'the folder title (container metadata) moved');
      const profile = await (await get(stockAccount.webId, token, 'text/turtle')).text();
      assert.deepEqual(objectsOf(profile, stockAccount.webId, stockAccount.webId, OWL_SAME_AS), [ source.webId ],
        'the new profile states owl:sameAs the old WebID');

      const old = await get(`${source.pod}photos/sortie/video.bin?x=1`);
      assert.equal(old.status, 308);
      assert.equal(old.headers.get('location'), `${stockAccount.pod}photos/sortie/video.bin?x=1`);
      const oldProfile = await get(source.webId, undefined, 'text/turtle');
      assert.equal(oldProfile.status, 200, 'the old profile stays served');
      assert.deepEqual(objectsOf(await oldProfile.text(), source.webId, source.webId, OWL_SAME_AS), [ stockAccount.webId ]);
      t.diagnostic(`Cartable → stock CSS live: ${report.moved} moved, ${report.bytes} bytes in ${report.durationMs} ms (process ${result.ms} ms)`);
    });

  it('moves back from stock CSS into a new Cartable pod that the home app reads, and a re-run finds it all there',
    async(t): Promise<void> => {
      const target = await createAccountWithPod(cartable.url, 'r4e5t6', { fullName: 'Lou Test', role: 'pupil' });
      const args = [ ...await sideArgs('from', stock.url, stockAccount), ...await sideArgs('to', cartable.url, target), '--yes' ];
      const result = await move(args);
      assert.equal(result.code, 0, `exit code; stderr: ${result.stderr}\nstdout: ${result.stdout}`);
      assert.equal(result.report.source.cartable, false);
      assert.equal(result.report.target.cartable, true);
      assert.ok(result.report.target.quota && result.report.target.quota.available > 0);
      assert.ok(result.report.notices.some((notice): boolean => /the source is not a Cartable server/u.test(notice)));
      const token = await bearerTokenFor(cartable.url, target);
      const video = await get(`${target.pod}photos/sortie/video.bin`, token);
      assert.equal(sha256(Buffer.from(await video.arrayBuffer())), sha256(binary), 'byte-identical after two moves');
      const note = await (await get(`${target.pod}notes/note-1`, token, 'text/turtle')).text();
      assert.ok(!note.includes(stockAccount.pod) && !note.includes(source.pod), note);
      const folder = `${target.pod}drive/cours/`;
      assert.deepEqual(objectsOf(await (await get(folder, token, 'text/turtle')).text(), folder, folder, DCT_TITLE), [ 'Mes cours' ],
        'the folder title came back');
      const session = await sessionFor(cartable.url, target);
      try {
        const home = await loadCartable(session.fetch, target.webId);
        assert.equal(home.storage, target.pod);
        assert.equal(home.name, 'Lou Test');
      } finally {
        await session.logout();
      }
      const again = await move([ ...args, '--keep-source' ]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.report.moved, 0, `nothing written again: ${again.report.movedPaths.join(', ')}`);
      assert.ok(again.report.alreadyThere >= result.report.moved);
      t.diagnostic(`stock CSS → Cartable live: ${result.report.moved} moved in ${result.report.durationMs} ms; ` +
        `re-run ${again.report.alreadyThere} already there in ${again.report.durationMs} ms`);
    });
});
