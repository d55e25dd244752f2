// The home app's move jobs (docs/move-jobs.md): /.cartable/move/job on a real Cartable server, the pod tool
// run by the server as a child process. Authentication (401/403/400), one-time export downloads that are
// valid archives, check and move jobs against a second Cartable pod, and the minted client credentials
// deleted when each job ends.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Session } from '@inrupt/solid-client-authn-node';
// @ts-expect-error: plain ESM module without type declarations
import * as importModule from '../../bin/lib/pod/import.mjs';
import { bearerTokenFor, controls, createAccountWithPod, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';

interface ValidArchive { manifest: { source: string; resources: { path: string }[] } }
const { validateArchive } = importModule as { validateArchive: (file: string) => Promise<ValidArchive> };

interface JobView { id: string; kind: string; to: string; phase: string; state: 'running' | 'done' | 'failed';
  resources: number; totalResources: number; bytes: number; totalBytes: number; etaSeconds: number | null;
  exitCode?: number; report?: Record<string, unknown>; error?: string; cancelled?: boolean }

describe('move jobs (/.cartable/move/job)', (): void => {
  let server: TestServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let aliceToken: string;
  let bobToken: string;
  let endpoint: string;
  const sessions: Session[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'move-jobs-'));

  const call = async(token: string | undefined, body: unknown): Promise<Response> => fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...token ? { authorization: `Bearer ${token}` } : {}},
    body: JSON.stringify(body),
  });
  const jobOf = async(token: string, pod: string): Promise<JobView | null> => {
    const response = await fetch(`${endpoint}?pod=${encodeURIComponent(pod)}`, { headers: { authorization: `Bearer ${token}` }});
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json() as { job: JobView | null }).job;
  };
  const finished = async(token: string, pod: string): Promise<JobView> => {
    for (let i = 0; i < 600; i++) {
      const job = await jobOf(token, pod);
      if (job && job.state !== 'running') {
        return job;
      }
      await new Promise((resolve): void => {
        setTimeout(resolve, 200);
      });
    }
    throw new Error('The job did not end within 2 minutes');
  };
  /** Labels of the account's client credentials (the account API lists them by label). */
  const credentialLabels = async(account: TestAccount): Promise<string[]> => {
    const ctl = await controls(server.url, account.authorization);
    const response = await fetch(ctl.account.clientCredentials,
      { headers: { accept: 'application/json', authorization: `CSS-Account-Token ${account.authorization}` }});
    return Object.keys((await response.json() as { clientCredentials: Record<string, string> }).clientCredentials);
  };

  before(async(): Promise<void> => {
    server = await startTestServer();
    endpoint = `${server.url}.cartable/move/job`;
    [ alice, bob ] = await Promise.all([ createAccountWithPod(server.url, 'a1b2c3'), createAccountWithPod(server.url, 'd4e5f6') ]);
    [ aliceToken, bobToken ] = await Promise.all([ bearerTokenFor(server.url, alice), bearerTokenFor(server.url, bob) ]);
    const put = await fetch(`${alice.pod}drive/cours/note.txt`, { method: 'PUT', body: 'Fractions.\n',
      headers: { authorization: `Bearer ${aliceToken}`, 'content-type': 'text/plain' }});
    assert.ok(put.ok, `PUT: ${put.status}`);
  });
  after(async(): Promise<void> => {
    await Promise.all(sessions.map(async(session): Promise<void> => session.logout()));
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('needs the credentials of an owner of the pod: 401 without, 403 for someone else, 400 without a pod', async(): Promise<void> => {
    const anonymous = await call(undefined, { pod: alice.pod, action: 'export' });
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /Bearer/u);
    assert.match((await anonymous.json() as { error: string }).error, /access token/u);
    const anonymousGet = await fetch(`${endpoint}?pod=${encodeURIComponent(alice.pod)}`);
    assert.equal(anonymousGet.status, 401);
    const other = await call(bobToken, { pod: alice.pod, action: 'export' });
    assert.equal(other.status, 403);
    assert.match((await other.json() as { error: string }).error, /not an owner/u);
    const otherGet = await fetch(`${endpoint}?pod=${encodeURIComponent(alice.pod)}`, { headers: { authorization: `Bearer ${bobToken}` }});
    assert.equal(otherGet.status, 403);
    assert.equal((await call(aliceToken, { action: 'export' })).status, 400);
    assert.equal((await call(aliceToken, { pod: `${server.url}nobody/`, action: 'export' })).status, 404);
    const bad = await call(aliceToken, { pod: alice.pod, action: 'teleport' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json() as { error: string }).error, /action must be/u);
    const notJson = await fetch(endpoint, { method: 'POST', body: 'pod=x', headers: { authorization: `Bearer ${aliceToken}` }});
    assert.equal(notJson.status, 400);
    assert.equal((await fetch(endpoint, { method: 'PUT', headers: { authorization: `Bearer ${aliceToken}` }})).status, 405);
    assert.equal(await jobOf(aliceToken, alice.pod), null);
  });

  it('checks the destination of a move before starting a job', async(): Promise<void> => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ to: '' }, /to is required/u ],
      [{ to: 'pas une adresse' }, /absolute http\(s\) URL/u ],
      [{ to: 'ftp://example.org/pod/' }, /http\(s\) URL/u ],
      [{ to: 'https://example.org/pod' }, /ending in \//u ],
      [{ to: alice.pod }, /the pod itself/u ],
      [{ to: 'https://example.org/pod/' }, /toClientId is required/u ],
      [{ to: 'https://example.org/pod/', toClientId: 'id' }, /toClientSecret is required/u ],
      [{ to: 'https://example.org/pod/', toClientId: 'id', toClientSecret: 's', graceDays: 400 }, /graceDays/u ],
    ];
    for (const [ body, message ] of cases) {
      const response = await call(aliceToken, { pod: alice.pod, action: 'check', ...body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match((await response.json() as { error: string }).error, message);
    }
    assert.equal(await jobOf(aliceToken, alice.pod), null);
  });

  it('gives a one-time export download URL (DPoP, as the browser app) that streams a valid archive', async(): Promise<void> => {
    const session = await sessionFor(server.url, alice);
    sessions.push(session);
    const before = await credentialLabels(alice);
    const response = await session.fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pod: alice.pod, action: 'export' }) });
    assert.equal(response.status, 201, await response.clone().text());
    const { url, expiresAt } = await response.json() as { url: string; expiresAt: string };
    assert.match(url, /^http:\/\/localhost:\d+\/\.cartable\/move\/job\/export\/[\w-]{43}$/u);
    const validFor = Date.parse(expiresAt) - Date.now();
    assert.ok(validFor > 4 * 60_000 && validFor <= 5 * 60_000, expiresAt);

    const download = await fetch(url);
    assert.equal(download.status, 200, await download.clone().text());
    assert.equal(download.headers.get('content-type'), 'application/x-tar');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="cartable-\d{4}-\d\d-\d\d\.tar"$/u);
    assert.equal(download.headers.get('cache-control'), 'no-store');
    const file = join(tmp, 'export.tar');
    writeFileSync(file, Buffer.from(await download.arrayBuffer()));
    const archive = await validateArchive(file);
    assert.equal(archive.manifest.source, alice.pod);
    assert.ok(archive.manifest.resources.some((resource): boolean => resource.path === 'drive/cours/note.txt'));

    const again = await fetch(url);
    assert.equal(again.status, 404);
    assert.match((await again.json() as { error: string }).error, /already used or has expired/u);
    assert.equal((await fetch(`${endpoint}/export/${'A'.repeat(43)}`)).status, 404);
    // The credentials minted for the export are gone once it ended.
    assert.deepEqual(await credentialLabels(alice), before);
  });

  it('runs a check job, reports how it ended and deletes the credentials it minted', async(): Promise<void> => {
    const before = await credentialLabels(alice);
    const ctl = await controls(server.url, bob.authorization);
    const minted = await fetch(ctl.account.clientCredentials, { method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `CSS-Account-Token ${bob.authorization}` },
      body: JSON.stringify({ name: 'move-target', webId: bob.webId }) });
    const target = await minted.json() as { id: string; secret: string };
    const response = await call(aliceToken, { pod: alice.pod, action: 'check', to: bob.pod,
      toClientId: target.id, toClientSecret: target.secret });
    assert.equal(response.status, 202, await response.clone().text());
    const { job: started } = await response.json() as { job: JobView };
    assert.equal(started.kind, 'check');
    assert.equal(started.to, bob.pod);
    assert.equal(JSON.stringify(started).includes(target.secret), false);
    const job = await finished(aliceToken, alice.pod);
    assert.equal(job.id, started.id);
    assert.equal(JSON.stringify(job).includes(target.secret), false);
    assert.equal(job.state, 'done', job.error);
    assert.equal(job.exitCode, 0);
    assert.equal((job.report as { from: string }).from, alice.pod);
    assert.equal((job.report as { dryRun: boolean }).dryRun, true);
    assert.ok(job.totalResources > 0);
    // A check writes nothing: the note is not on the target.
    assert.equal((await fetch(`${bob.pod}drive/cours/note.txt`, { headers: { authorization: `Bearer ${bobToken}` }})).status, 404);
    assert.deepEqual(await credentialLabels(alice), before);
  });

  it('cancels a move: the job fails as cancelled and the source stays writable', async(): Promise<void> => {
    const carol = await createAccountWithPod(server.url, 'c7d8e9');
    const carolToken = await bearerTokenFor(server.url, carol);
    const ctl = await controls(server.url, bob.authorization);
    const minted = await fetch(ctl.account.clientCredentials, { method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `CSS-Account-Token ${bob.authorization}` },
      body: JSON.stringify({ name: 'move-target', webId: bob.webId }) });
    const target = await minted.json() as { id: string; secret: string };
    const response = await call(carolToken, { pod: carol.pod, action: 'start', to: bob.pod, toClientId: target.id,
      toClientSecret: target.secret });
    assert.equal(response.status, 202, await response.clone().text());
    const cancel = await call(carolToken, { pod: carol.pod, action: 'cancel' });
    assert.equal(cancel.status, 202, await cancel.clone().text());
    const job = await finished(carolToken, carol.pod);
    assert.equal(job.state, 'failed');
    assert.equal(job.cancelled, true);
    assert.equal(job.error, 'Cancelled by the owner.');
    assert.equal((await call(carolToken, { pod: carol.pod, action: 'cancel' })).status, 404);
    const put = await fetch(`${carol.pod}drive/after-cancel.txt`, { method: 'PUT', body: 'still mine',
      headers: { authorization: `Bearer ${carolToken}`, 'content-type': 'text/plain' }});
    assert.ok(put.ok, `the source is writable after a cancelled move: ${put.status}`);
    assert.deepEqual((await credentialLabels(carol)).filter((label): boolean => label.startsWith('cartable-move-')), []);
  });

  it('moves the pod to another pod, one job at a time', async(): Promise<void> => {
      const ctl = await controls(server.url, bob.authorization);
      const minted = await fetch(ctl.account.clientCredentials, { method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `CSS-Account-Token ${bob.authorization}` },
        body: JSON.stringify({ name: 'move-target', webId: bob.webId }) });
      const target = await minted.json() as { id: string; secret: string };
      const body = { pod: alice.pod, action: 'start', to: bob.pod, toClientId: target.id, toClientSecret: target.secret };
      const response = await call(aliceToken, body);
      assert.equal(response.status, 202, await response.clone().text());
      const second = await call(aliceToken, body);
      assert.equal(second.status, 409);
      const job = await finished(aliceToken, alice.pod);
      assert.equal(job.state, 'done', job.error);
      assert.equal(job.kind, 'move');
      const moved = await fetch(`${bob.pod}drive/cours/note.txt`, { headers: { authorization: `Bearer ${bobToken}` }});
      assert.equal(await moved.text(), 'Fractions.\n');
    });
});
