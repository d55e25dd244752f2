// Pod import (docs/move.md, "Import"), run as the real command-line tool in a child process: a Cartable pod
// exported and imported into a pod on a stock Community Solid Server 7.2 (IRIs and the WebID rewritten,
// ACLs last, the root made private like the source), a second run finding everything already there, then
// back from stock CSS into a new Cartable pod that the home app can read. A corrupted archive changes
// nothing; importing a pod into itself is refused.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'n3';
import { loadCartable } from '../../apps/home/src/data/loadCartable.ts';
import { POD_AREAS } from '../../components/dist/pods/PodLayout.js';
import { bearerTokenFor, controls, createAccountWithPod, post, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';
import { runPodCli } from '../util/pod-cli.ts';
import { FRIEND, fillPupilPod } from '../util/pupil-pod.ts';

interface Item { path: string; url: string; reason: string; expected?: boolean }
interface ImportReport { source: string; target: string; webId: string; moved: number; alreadyThere: number; movedPaths: string[];
  alreadyTherePaths: string[]; skipped: Item[]; failed: Item[]; notices: string[]; bytes: number; durationMs: number;
  complete: boolean }

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

async function credentialsFor(baseUrl: string, account: TestAccount): Promise<string[]> {
  const ctl = await controls(baseUrl, account.authorization);
  const response = await post(ctl.account.clientCredentials, { name: 'pod-import-test', webId: account.webId }, account.authorization);
  assert.equal(response.status, 200, await response.clone().text());
  const { id, secret } = await response.json() as { id: string; secret: string };
  return [ '--client-id', id, '--client-secret', secret ];
}

async function exportPod(baseUrl: string, account: TestAccount, out: string): Promise<void> {
  const result = await runPodCli([ 'export', '--pod', account.pod, ...await credentialsFor(baseUrl, account), '--out', out, '--json' ]);
  assert.equal(result.code, 0, `export: ${result.stderr}\n${result.stdout}`);
}

async function importPod(baseUrl: string, account: TestAccount, archive: string):
Promise<{ code: number | null; report: ImportReport; stdout: string; stderr: string; ms: number }> {
  const result = await runPodCli([ 'import', '--archive', archive, '--pod', account.pod, ...await credentialsFor(baseUrl, account), '--json' ]);
  let report = {} as ImportReport;
  try {
    report = JSON.parse(result.stdout) as ImportReport;
  } catch {
    // Checked by the caller through the exit code.
  }
  return { ...result, report };
}

/** The acl:agent values of an ACL document at `url`. */
function aclAgents(turtle: string, url: string): string[] {
  return new Parser({ baseIRI: url }).parse(turtle)
    .filter((quad): boolean => quad.predicate.value === 'http://www.w3.org/ns/auth/acl#agent').map((quad): string => quad.object.value);
}

/** GET with a Bearer token (or anonymously). */
async function get(url: string, token?: string, accept = '*/*'): Promise<Response> {
  return fetch(url, { headers: { accept, ...token ? { authorization: `Bearer ${token}` } : {} } });
}

describe('pod import (cartable pod import)', (): void => {
  let cartable: TestServer;
  let stock: StockServer;
  let dir: string;
  let source: TestAccount;
  let stockAccount: TestAccount;
  let binary: Buffer;
  const friend = FRIEND;

  before(async(): Promise<void> => {
    dir = mkdtempSync(join(tmpdir(), 'cartable-pod-import-'));
    [ cartable, stock ] = await Promise.all([ startTestServer(), startStockCss() ]);
    source = await createAccountWithPod(cartable.url, 'b1a2c3', { fullName: 'Lou Test', role: 'pupil' });
    const token = await bearerTokenFor(cartable.url, source);
    binary = await fillPupilPod(source.pod, source.webId, token);
  });
  after(async(): Promise<void> => {
    await Promise.all([ cartable?.stop(), stock?.stop() ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a Cartable pod into a stock CSS pod: bytes identical, IRIs and WebID rewritten, root private, ACLs last',
    async(t): Promise<void> => {
      const archive = join(dir, 'cartable.tar');
      await exportPod(cartable.url, source, archive);
      stockAccount = await createAccountWithPod(stock.url, 'lou');
      const token = await bearerTokenFor(stock.url, stockAccount);
      assert.equal((await get(stockAccount.pod)).status, 200, 'a stock CSS pod root starts publicly readable');

      const result = await importPod(stock.url, stockAccount, archive);
      assert.equal(result.code, 0, `exit code; stderr: ${result.stderr}\nstdout: ${result.stdout}`);
      const { report } = result;
      assert.deepEqual(report.failed, []);
      assert.equal(report.webId, stockAccount.webId, 'the new WebID comes from the access token');
      assert.ok(report.skipped.some((item): boolean => item.path === 'profile/card' && /target keeps its own WebID profile/u.test(item.reason) &&
        item.url === `${source.pod}profile/card`), 'the old profile is reported as skipped');
      assert.ok(report.notices.some((notice): boolean => notice.startsWith('root made private to match the source')), report.notices.join('\n'));
      assert.ok(report.moved > 10 && report.bytes > binary.length);

      const video = await get(`${stockAccount.pod}drive/cours/maths/video.bin`, token);
      assert.equal(video.status, 200);
      assert.equal(sha256(Buffer.from(await video.arrayBuffer())), sha256(binary), 'the 5 MB file is byte-identical');
      assert.equal(await (await get(`${stockAccount.pod}drive/Mes%20cours/r%C3%A9sum%C3%A9.txt`, token)).text(), 'Résumé du cours.\n');
      assert.equal((await get(`${stockAccount.pod}drive/vide/`, token, 'text/turtle')).status, 200, 'the empty folder exists');

      const note = await (await get(`${stockAccount.pod}notes/note-1`, token, 'text/turtle')).text();
      assert.match(note, /Réviser les fractions/u);
      assert.ok(!note.includes(source.pod), `no IRI to the old pod is left: ${note}`);
      const absolute = /schema:about <([^>]+)>|<http:\/\/schema\.org\/about> <([^>]+)>/u.exec(note);
      assert.ok(absolute, note);
      assert.equal(new URL(absolute[1] ?? absolute[2], `${stockAccount.pod}notes/note-1`).href,
        `${stockAccount.pod}drive/cours/maths/chapitre-1.ttl#c1`, 'the absolute IRI to its own pod points at the new pod');

      const profile = await (await get(stockAccount.webId, token, 'text/turtle')).text();
      assert.ok(!profile.includes(source.pod), 'the target keeps its own WebID profile');

      assert.equal((await get(stockAccount.pod)).status, 401, 'the root is no longer publicly readable');
      const acl = await get(`${stockAccount.pod}drive/cours/.acl`, token, 'text/turtle');
      assert.equal(acl.status, 200);
      const agents = aclAgents(await acl.text(), `${stockAccount.pod}drive/cours/.acl`);
      assert.ok(agents.includes(friend), 'the share is kept');
      assert.ok(agents.includes(stockAccount.webId), 'the owner rule names the new WebID');
      assert.ok(!agents.includes(source.webId), 'the old WebID is gone');
      assert.equal((await get(`${stockAccount.pod}drive/cours/maths/chapitre-1.ttl`, token)).status, 200, 'the owner still has access');
      t.diagnostic(`Cartable → stock CSS: ${report.moved} moved, ${report.bytes} bytes in ${report.durationMs} ms (process ${result.ms} ms)`);

      const again = await importPod(stock.url, stockAccount, archive);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.report.moved, 0, `nothing written again: ${again.report.movedPaths.join(', ')}`);
      assert.equal(again.report.alreadyThere, report.moved + report.alreadyThere, 'everything is already there');
      assert.deepEqual(again.report.failed, []);
      t.diagnostic(`second run: ${again.report.alreadyThere} already there in ${again.report.durationMs} ms`);
    });

  it('moves back from stock CSS into a new Cartable pod that the home app reads', async(t): Promise<void> => {
    const archive = join(dir, 'stock.tar');
    await exportPod(stock.url, stockAccount, archive);
    const target = await createAccountWithPod(cartable.url, 'c9d8e7', { fullName: 'Lou Test', role: 'pupil' });
    const result = await importPod(cartable.url, target, archive);
    assert.equal(result.code, 0, `exit code; stderr: ${result.stderr}\nstdout: ${result.stdout}`);
    assert.deepEqual(result.report.failed, []);
    const token = await bearerTokenFor(cartable.url, target);
    const video = await get(`${target.pod}drive/cours/maths/video.bin`, token);
    assert.equal(sha256(Buffer.from(await video.arrayBuffer())), sha256(binary), 'the 5 MB file is byte-identical');
    const note = await (await get(`${target.pod}notes/note-1`, token, 'text/turtle')).text();
    assert.ok(!note.includes(stockAccount.pod) && !note.includes(source.pod), note);
    for (const area of POD_AREAS) {
      const acl = await get(`${target.pod}${area.path}.acl`, token, 'text/turtle');
      assert.equal(acl.status, 200, `ACL of ${area.path}`);
      assert.ok(aclAgents(await acl.text(), `${target.pod}${area.path}.acl`).includes(target.webId),
        `the ACL of ${area.path} names the new owner`);
    }
    const share = aclAgents(await (await get(`${target.pod}drive/cours/.acl`, token, 'text/turtle')).text(),
      `${target.pod}drive/cours/.acl`);
    assert.ok(share.includes(friend) && share.includes(target.webId), share.join(', '));
    const session = await sessionFor(cartable.url, target);
    try {
      const home = await loadCartable(session.fetch, target.webId);
      assert.equal(home.storage, target.pod);
      assert.equal(home.name, 'Lou Test');
      assert.ok(home.areas.length >= POD_AREAS.filter((area): boolean => area.visible).length);
    } finally {
      await session.logout();
    }
    t.diagnostic(`stock CSS → Cartable: ${result.report.moved} moved in ${result.report.durationMs} ms (process ${result.ms} ms)`);
  });

  it('refuses a corrupted archive with exit code 1 naming the entry, and writes nothing', async(): Promise<void> => {
    const archive = join(dir, 'cartable.tar');
    const data = readFileSync(archive);
    const name = Buffer.from('cartable-export/pod/drive/cours/maths/video.bin');
    const header = data.indexOf(name);
    assert.ok(header >= 0);
    const corrupted = Buffer.from(data);
    corrupted[header - (header % 512) + 512 + 1000] ^= 0xff;
    const file = join(dir, 'corrupted.tar');
    writeFileSync(file, corrupted);
    const target = await createAccountWithPod(stock.url, 'sam');
    const token = await bearerTokenFor(stock.url, target);
    const before = await (await get(target.pod, token, 'text/turtle')).text();
    const result = await importPod(stock.url, target, file);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /cartable-export\/pod\/drive\/cours\/maths\/video\.bin is corrupted/u);
    assert.equal(await (await get(target.pod, token, 'text/turtle')).text(), before, 'the target is unchanged');
    assert.equal((await get(`${target.pod}drive/`, token)).status, 404);
    assert.equal((await get(target.pod)).status, 200, 'the root ACL is untouched');
  });

  it('refuses to import a pod into itself (exit code 2)', async(): Promise<void> => {
    const result = await importPod(cartable.url, source, join(dir, 'cartable.tar'));
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /refusing to import a pod into itself/u);
  });
});
