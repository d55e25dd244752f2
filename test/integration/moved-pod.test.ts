// A pod that moved away: 308 to the new place (query kept) for every method, then 410; the old profile stays
// served pointing to the new storage (and owl:sameAs the new WebID); only the owner can mark it; its name is
// never given to anyone else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { controls, createAccount, createAccountWithPod, post } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';

const NEW_POD = 'http://new.example/alice/';

/** The account API resource of the account's (only) pod. */
async function podResource(baseUrl: string, account: TestAccount): Promise<string> {
  const ctl = await controls(baseUrl, account.authorization);
  const response = await fetch(ctl.account.pod, { headers: { authorization: `CSS-Account-Token ${account.authorization}`,
    accept: 'application/json' } });
  const { pods } = await response.json() as { pods: Record<string, string> };
  return pods[account.pod];
}

async function move(baseUrl: string, account: TestAccount, body: unknown, as = account.authorization):
Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await post(`${await podResource(baseUrl, account)}move/`, body, as);
  return { status: response.status, json: await response.json() as Record<string, unknown> };
}

describe('moved pod', (): void => {
  let server: TestServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let carol: TestAccount;

  before(async(): Promise<void> => {
    server = await startTestServer();
    alice = await createAccountWithPod(server.url, 'alice');
    bob = await createAccountWithPod(server.url, 'bob');
    carol = await createAccountWithPod(server.url, 'carol');
  });
  after(async(): Promise<void> => server?.stop());

  it('refuses a bad newPod with 400 and a clear message', async(): Promise<void> => {
    const cases: [unknown, RegExp][] = [
      [ undefined, /newPod is required/u ],
      [ 'not a url', /absolute http\(s\) URL/u ],
      [ 'ftp://new.example/alice/', /http or https/u ],
      [ 'http://new.example/alice', /ending in \//u ],
      [ alice.pod, /this pod itself/u ],
      [ `${alice.pod}sub/`, /inside the pod/u ],
    ];
    for (const [ newPod, message ] of cases) {
      const result = await move(server.url, alice, { newPod });
      assert.equal(result.status, 400, JSON.stringify(result));
      assert.match(result.json.message as string, message);
    }
    const grace = await move(server.url, alice, { newPod: NEW_POD, graceDays: -1 });
    assert.equal(grace.status, 400);
    assert.equal((await fetch(`${alice.pod}profile/card`)).headers.get('content-type')?.startsWith('text/turtle'), true);
  });

  it('refuses another account marking someone else\'s pod', async(): Promise<void> => {
    // Bob's token on Alice's pod resource: CSS's authorization of account routes (403).
    const foreign = await move(server.url, alice, { newPod: NEW_POD }, bob.authorization);
    assert.equal(foreign.status, 403, JSON.stringify(foreign));
    // Alice's pod id under Bob's own account: the pod is not his (404).
    const aliceResource = await podResource(server.url, alice);
    const bobResource = await podResource(server.url, bob);
    const podId = /([^/]+)\/$/u.exec(aliceResource)![1];
    const crafted = bobResource.replace(/[^/]+\/$/u, `${podId}/`);
    const response = await post(`${crafted}move/`, { newPod: NEW_POD }, bob.authorization);
    assert.equal(response.status, 404);
    // Nobody signed in: 401.
    assert.equal((await post(`${aliceResource}move/`, { newPod: NEW_POD })).status, 401);
    assert.equal((await fetch(`${alice.pod}profile/card`)).status, 200);
    assert.notEqual((await fetch(`${alice.pod}profile/card`, { redirect: 'manual' })).status, 308);
  });

  it('marks the pod moved through the account API', async(): Promise<void> => {
    const result = await move(server.url, alice, { newPod: NEW_POD, newWebId: 'http://new.example/alice/profile/card#me' });
    assert.equal(result.status, 200, JSON.stringify(result));
    assert.equal(result.json.newPod, NEW_POD);
    assert.equal(result.json.graceDays, 30);
    assert.equal((await move(server.url, alice, { newPod: NEW_POD })).status, 409);
  });

  it('redirects every method on old URLs with 308, keeping the query string', async(): Promise<void> => {
    const requests: [string, string, string][] = [
      [ 'GET', 'private/notes.txt?version=2&x=%20y', `${NEW_POD}private/notes.txt?version=2&x=%20y` ],
      [ 'PUT', 'public/doc.ttl', `${NEW_POD}public/doc.ttl` ],
      [ 'DELETE', 'public/doc.ttl', `${NEW_POD}public/doc.ttl` ],
      [ 'POST', '', NEW_POD ],
      [ 'HEAD', '.acl', `${NEW_POD}.acl` ],
      [ 'GET', 'profile/', `${NEW_POD}profile/` ],
    ];
    for (const [ method, path, location ] of requests) {
      const response = await fetch(`${alice.pod}${path}`, { method, redirect: 'manual',
        ...method === 'PUT' ? { body: '<> a <#x>.', headers: { 'content-type': 'text/turtle' }} : {} });
      assert.equal(response.status, 308, `${method} ${path}`);
      assert.equal(response.headers.get('location'), location, `${method} ${path}`);
    }
    const noSlash = await fetch(alice.pod.slice(0, -1), { redirect: 'manual' });
    assert.equal(noSlash.headers.get('location'), NEW_POD);
    const cors = await fetch(`${alice.pod}x`, { redirect: 'manual', headers: { origin: 'https://app.example' } });
    assert.equal(cors.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(cors.headers.get('access-control-expose-headers') ?? '', /Location/iu);
  });

  it('keeps the profile document served, pointing to the new storage and WebID', async(): Promise<void> => {
    const response = await fetch(`${alice.pod}profile/card`, { redirect: 'manual' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/turtle/u);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    const body = await response.text();
    assert.match(body, /pim:storage <http:\/\/new\.example\/alice\/>/u);
    assert.match(body, /solid:storage <http:\/\/new\.example\/alice\/>/u);
    assert.match(body, /owl:sameAs <http:\/\/new\.example\/alice\/profile\/card#me>/u);
    assert.ok(body.includes(`solid:oidcIssuer <${server.url}>`), body);
    assert.equal((await fetch(`${alice.pod}profile/card`, { method: 'PUT', body: 'x' })).status, 405);
  });

  it('leaves other pods and the account API alone', async(): Promise<void> => {
    assert.equal((await fetch(`${bob.pod}profile/card`)).status, 200);
    assert.equal((await fetch(`${bob.pod}private/`, { redirect: 'manual' })).status, 401);
    assert.equal((await fetch(`${server.url}.account/`, { redirect: 'manual' })).status, 200);
    const bobProfile = await (await fetch(`${bob.pod}profile/card`)).text();
    assert.doesNotMatch(bobProfile, /new\.example/u);
  });

  it('never gives the moved pod\'s name to anyone else', async(): Promise<void> => {
    const other = await createAccount(server.url, 'newcomer@test.cartable.example');
    const response = await post((await controls(server.url, other)).account.pod, { name: 'alice' }, other);
    assert.equal(response.status, 409);
    assert.match(((await response.json()) as { message: string }).message, /moved away and is never given to anyone else/u);
  });

  it('answers 410 after the grace period, keeping the profile', async(): Promise<void> => {
    const result = await move(server.url, carol, { newPod: 'https://elsewhere.example/carol/', graceDays: 0 });
    assert.equal(result.status, 200, JSON.stringify(result));
    const gone = await fetch(`${carol.pod}public/x?y=1`, { redirect: 'manual' });
    assert.equal(gone.status, 410);
    assert.match(await gone.text(), /moved to https:\/\/elsewhere\.example\/carol\//u);
    const profile = await fetch(`${carol.pod}profile/card`);
    assert.equal(profile.status, 200);
    const body = await profile.text();
    assert.match(body, /pim:storage <https:\/\/elsewhere\.example\/carol\/>/u);
    assert.doesNotMatch(body, /owl:sameAs/u);
  });
});
