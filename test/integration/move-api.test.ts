// The move API (docs/move-api.md) against the real server: Solid-OIDC owners only, state and quota, a lock that
// makes the pod read-only (423 on writes, reads and preflights unaffected), unlock, moved (308 on old URLs, 409
// twice), and JSON errors a person can act on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Session } from '@inrupt/solid-client-authn-node';
import { bearerTokenFor, createAccountWithPod, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { freePort, startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';

interface Answer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

describe('move API', (): void => {
  let server: TestServer;
  let api: string;
  let alice: TestAccount;
  let bob: TestAccount;
  let carol: TestAccount;
  let aliceToken: string;
  let bobToken: string;
  let carolToken: string;
  let aliceSession: Session;

  async function call(method: string, body: unknown, token?: string, query = ''): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${api}${query}`, { method, headers,
      ...body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }});
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) as Record<string, unknown> : {}, headers: response.headers };
  }

  async function state(pod: string, token: string): Promise<Answer> {
    return call('GET', undefined, token, `?pod=${encodeURIComponent(pod)}`);
  }

  async function write(method: string, url: string, token: string, accept = '*/*'): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept };
    let body: string | undefined;
    if (method === 'PUT' || method === 'POST') {
      headers['content-type'] = 'text/plain';
      body = 'hello';
    } else if (method === 'PATCH') {
      headers['content-type'] = 'text/n3';
      body = '@prefix solid: <http://www.w3.org/ns/solid/terms#>. _:p a solid:InsertDeletePatch; ' +
        'solid:inserts { <#x> <#y> <#z>. }.';
    }
    return fetch(url, { method, headers, body, redirect: 'manual' });
  }

  before(async(): Promise<void> => {
    server = await startTestServer({ quota: '1MB' });
    api = `${server.url}.cartable/move/`;
    alice = await createAccountWithPod(server.url, 'alice');
    bob = await createAccountWithPod(server.url, 'bob');
    carol = await createAccountWithPod(server.url, 'carol');
    [ aliceToken, bobToken, carolToken ] = await Promise.all([ alice, bob, carol ]
      .map(async(account): Promise<string> => bearerTokenFor(server.url, account)));
    aliceSession = await sessionFor(server.url, alice);
  });
  after(async(): Promise<void> => {
    await aliceSession?.logout();
    await server?.stop();
  });

  it('answers 401 without credentials or with a token that does not verify', async(): Promise<void> => {
    const get = await state(alice.pod, '');
    assert.equal(get.status, 401, JSON.stringify(get.json));
    assert.match(get.json.error as string, /Sign in first/u);
    assert.match(get.headers.get('www-authenticate') ?? '', /DPoP/u);
    assert.equal((await call('POST', { pod: alice.pod, action: 'lock' })).status, 401);
    const forged = await state(alice.pod, 'not.a.token');
    assert.equal(forged.status, 401);
    assert.match(forged.json.error as string, /access token was refused/u);
  });

  it('answers 403 to another pupil and 404 for a pod that is not here', async(): Promise<void> => {
    const foreign = await call('POST', { pod: alice.pod, action: 'lock' }, bobToken);
    assert.equal(foreign.status, 403, JSON.stringify(foreign.json));
    assert.match(foreign.json.error as string, /is not an owner of the pod/u);
    assert.equal((await state(alice.pod, bobToken)).status, 403);
    const unknown = await state(`${server.url}nobody/`, aliceToken);
    assert.equal(unknown.status, 404);
    assert.match(unknown.json.error as string, /There is no pod/u);
    assert.equal((await state(alice.pod, aliceToken)).json.state, 'active');
  });

  it('answers 400 for a bad pod URL, a bad action, bad minutes or a body that is not JSON', async(): Promise<void> => {
    const cases: [unknown, RegExp][] = [
      [{ action: 'lock' }, /pod is required/u ],
      [{ pod: 'alice', action: 'lock' }, /absolute http\(s\) URL/u ],
      [{ pod: `${alice.pod}?x=1`, action: 'lock' }, /without credentials, query or fragment/u ],
      [{ pod: alice.pod }, /action must be "lock", "unlock" or "moved"/u ],
      [{ pod: alice.pod, action: 'delete' }, /action must be/u ],
      [{ pod: alice.pod, action: 'lock', minutes: 0 }, /minutes must be a number from 1 to 1440/u ],
      [{ pod: alice.pod, action: 'lock', minutes: 1441 }, /minutes must be/u ],
      [{ pod: alice.pod, action: 'lock', minutes: '5' }, /minutes must be/u ],
      [{ pod: alice.pod, action: 'moved' }, /newPod is required/u ],
      [{ pod: alice.pod, action: 'moved', newPod: `${alice.pod}sub/` }, /inside the pod/u ],
      [ '{"pod": ', /Expected a JSON object/u ],
      [ '[1]', /Expected a JSON object/u ],
    ];
    for (const [ body, message ] of cases) {
      const answer = await call('POST', body, aliceToken);
      assert.equal(answer.status, 400, JSON.stringify([ body, answer.json ]));
      assert.match(answer.json.error as string, message);
    }
    assert.equal((await call('GET', undefined, aliceToken)).status, 400);
    assert.equal((await state(alice.pod, aliceToken)).json.state, 'active');
    const put = await call('PUT', {}, aliceToken);
    assert.equal(put.status, 405);
    assert.match(put.headers.get('allow') ?? '', /POST/u);
  });

  it('gives the state and the quota of the pod, with Bearer or DPoP tokens', async(): Promise<void> => {
    const before = await state(alice.pod, aliceToken);
    assert.equal(before.status, 200, JSON.stringify(before.json));
    assert.equal(before.json.pod, alice.pod);
    assert.equal(before.json.state, 'active');
    assert.equal(before.json.locked, undefined);
    assert.equal(before.json.moved, undefined);
    const quota = before.json.quota as { used: number; limit: number; available: number };
    assert.equal(quota.limit, 1_000_000);
    assert.equal(quota.available, quota.limit - quota.used);
    assert.equal((await write('PUT', `${alice.pod}private/quota.txt`, aliceToken)).status, 201);
    const after = await state(alice.pod.slice(0, -1), aliceToken);
    assert.equal(after.json.pod, alice.pod);
    assert.equal((after.json.quota as { used: number }).used, quota.used + 'hello'.length);
    const dpop = await aliceSession.fetch(`${api}?pod=${encodeURIComponent(alice.pod)}`);
    assert.equal(dpop.status, 200);
    assert.equal(((await dpop.json()) as { state: string }).state, 'active');
  });

  it('locks the pod: writes answer 423 with Retry-After, reads and preflights still work', async(): Promise<void> => {
    const started = Date.now();
    const locked = await call('POST', { pod: alice.pod, action: 'lock', minutes: 5 }, aliceToken);
    assert.equal(locked.status, 200, JSON.stringify(locked.json));
    assert.equal(locked.json.state, 'locked');
    const { since, until } = locked.json.locked as { since: string; until: string };
    assert.ok(Math.abs(Date.parse(until) - started - (5 * 60_000)) < 10_000, until);
    assert.ok(Date.parse(since) >= started - 1000, since);
    assert.deepEqual((await state(alice.pod, aliceToken)).json, locked.json);

    for (const method of [ 'PUT', 'POST', 'PATCH', 'DELETE' ]) {
      const url = method === 'POST' ? `${alice.pod}private/` : `${alice.pod}private/quota.txt`;
      const refused = await write(method, url, aliceToken, 'application/json');
      assert.equal(refused.status, 423, method);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter > 240 && retryAfter <= 300, `${method} Retry-After ${retryAfter}`);
      const body = await refused.json() as { error: string; until: string };
      assert.match(body.error, /read-only while it moves/u);
      assert.equal(body.until, until);
    }
    const text = await write('PUT', `${alice.pod}public/new.txt`, aliceToken);
    assert.equal(text.status, 423);
    assert.match(text.headers.get('content-type') ?? '', /^text\/plain/u);
    assert.match(await text.text(), /Reading still works/u);
    // The pod's root without its final slash is inside the pod too.
    assert.equal((await write('PUT', alice.pod.slice(0, -1), aliceToken)).status, 423);

    const read = await fetch(`${alice.pod}private/quota.txt`, { headers: { authorization: `Bearer ${aliceToken}` }});
    assert.equal(read.status, 200);
    assert.equal(await read.text(), 'hello');
    assert.equal((await fetch(`${alice.pod}profile/card`)).status, 200);

    const preflight = await fetch(`${alice.pod}private/quota.txt`, { method: 'OPTIONS', headers: {
      origin: 'https://app.example', 'access-control-request-method': 'PUT',
      'access-control-request-headers': 'authorization, content-type' }});
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
    const cors = await fetch(`${alice.pod}private/quota.txt`, { method: 'DELETE',
      headers: { authorization: `Bearer ${aliceToken}`, origin: 'https://app.example' }});
    assert.equal(cors.status, 423);
    assert.equal(cors.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(cors.headers.get('access-control-expose-headers') ?? '', /Retry-After/u);

    // Other pods are not locked.
    assert.equal((await write('PUT', `${bob.pod}private/free.txt`, bobToken)).status, 201);
  });

  it('unlocks the pod: writes work again; a lock without minutes lasts two hours', async(): Promise<void> => {
    const unlocked = await call('POST', { pod: alice.pod, action: 'unlock' }, aliceToken);
    assert.equal(unlocked.status, 200, JSON.stringify(unlocked.json));
    assert.equal(unlocked.json.state, 'active');
    assert.equal(unlocked.json.locked, undefined);
    assert.equal((await write('PUT', `${alice.pod}private/quota.txt`, aliceToken)).status, 205);
    assert.equal((await call('POST', { pod: alice.pod, action: 'unlock' }, aliceToken)).status, 200);

    const started = Date.now();
    const locked = await call('POST', { pod: alice.pod, action: 'lock' }, aliceToken);
    const { until } = locked.json.locked as { until: string };
    assert.ok(Math.abs(Date.parse(until) - started - (120 * 60_000)) < 10_000, until);
    assert.equal((await write('DELETE', `${alice.pod}private/quota.txt`, aliceToken)).status, 423);
    await call('POST', { pod: alice.pod, action: 'unlock' }, aliceToken);
    assert.equal((await write('DELETE', `${alice.pod}private/quota.txt`, aliceToken)).status, 205);
  });

  it('marks a locked pod moved: the lock is released, old URLs answer 308; twice or lock → 409', async(): Promise<void> => {
    assert.equal((await call('POST', { pod: carol.pod, action: 'lock', minutes: 30 }, carolToken)).status, 200);
    const moved = await call('POST', { pod: carol.pod, action: 'moved', newPod: 'https://new.example/carol/',
      newWebId: 'https://new.example/carol/profile/card#me', graceDays: 10 }, carolToken);
    assert.equal(moved.status, 200, JSON.stringify(moved.json));
    assert.equal(moved.json.state, 'moved');
    assert.equal(moved.json.locked, undefined);
    const record = moved.json.moved as Record<string, string>;
    assert.equal(record.newPod, 'https://new.example/carol/');
    assert.equal(record.newWebId, 'https://new.example/carol/profile/card#me');
    assert.equal(Date.parse(record.redirectsUntil) - Date.parse(record.movedAt), 10 * 86_400_000);

    const old = await write('PUT', `${carol.pod}private/doc.txt?v=1`, carolToken);
    assert.equal(old.status, 308);
    assert.equal(old.headers.get('location'), 'https://new.example/carol/private/doc.txt?v=1');
    assert.equal((await fetch(`${carol.pod}x`, { redirect: 'manual' })).status, 308);

    const again = await call('POST', { pod: carol.pod, action: 'moved', newPod: 'https://other.example/carol/' }, carolToken);
    assert.equal(again.status, 409);
    assert.match(again.json.error as string, /already moved to https:\/\/new\.example\/carol\//u);
    const lock = await call('POST', { pod: carol.pod, action: 'lock' }, carolToken);
    assert.equal(lock.status, 409);
    assert.match(lock.json.error as string, /cannot be locked/u);
    // The owner's token still verifies (the old profile is kept) and the state says where the pod went.
    const after = await state(carol.pod, carolToken);
    assert.equal(after.status, 200);
    assert.deepEqual(after.json.moved, moved.json.moved);
  });
});

describe('move API lock across a restart', (): void => {
  const data = mkdtempSync(join(tmpdir(), 'cartable-move-api-'));
  after((): void => rmSync(data, { recursive: true, force: true }));

  it('keeps the lock in the data folder and enforces it after the server restarts', async(): Promise<void> => {
    const port = await freePort();
    let server = await startTestServer({ data, port });
    let dave: TestAccount;
    try {
      dave = await createAccountWithPod(server.url, 'dave');
      const token = await bearerTokenFor(server.url, dave);
      const response = await fetch(`${server.url}.cartable/move/`, { method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ pod: dave.pod, action: 'lock', minutes: 10 }) });
      assert.equal(response.status, 200);
    } finally {
      await server.stop();
    }
    server = await startTestServer({ data, port });
    try {
      const refused = await fetch(`${dave.pod}x.txt`, { method: 'PUT', body: 'x', headers: { 'content-type': 'text/plain' }});
      assert.equal(refused.status, 423);
      assert.equal((await fetch(`${dave.pod}profile/card`)).status, 200);
    } finally {
      await server.stop();
    }
  });
});
