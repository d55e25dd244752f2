// "Moved" notices (docs/move-aliases.md): the peers of Alice's pod are the agents her ACLs share with; each is
// told through the inbox its profile names. Bob is a Cartable pupil: his inbox accepts the notice from any
// signed-in agent and he finds it there. Carol's profile on a stock CSS has no inbox. Without credentials,
// Cartable's inbox refuses the notice, and that is reported for Bob alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'n3';
import { bearerTokenFor, createAccountWithPod } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';
// @ts-expect-error: plain ESM module without type declarations
import * as notifyModule from '../../bin/lib/pod/notify.mjs';

interface PeerResult { agent: string; inbox: string | null; status: string; reason?: string }
const { peersOf, notifyPeers } = notifyModule as {
  peersOf: (options: { aclTurtles: { url: string; turtle: string }[]; ownWebIds: string[] }) => string[];
  notifyPeers: (options: Record<string, unknown>) => Promise<PeerResult[]>;
};

const LDP_CONTAINS = 'http://www.w3.org/ns/ldp#contains';

describe('moved notices to peers', (): void => {
  let server: TestServer;
  let stock: StockServer;
  let alice: TestAccount;
  let aliceElsewhere: TestAccount;
  let bob: TestAccount;
  let carol: TestAccount;
  let aliceToken: string;
  let bobToken: string;

  before(async(): Promise<void> => {
    [ server, stock ] = await Promise.all([ startTestServer(), startStockCss() ]);
    alice = await createAccountWithPod(server.url, 'alice');
    bob = await createAccountWithPod(server.url, 'bob');
    aliceElsewhere = await createAccountWithPod(stock.url, 'alice');
    carol = await createAccountWithPod(stock.url, 'carol');
    [ aliceToken, bobToken ] = await Promise.all([ bearerTokenFor(server.url, alice), bearerTokenFor(server.url, bob) ]);
  });
  after(async(): Promise<void> => {
    await Promise.all([ server?.stop(), stock?.stop() ]);
  });

  /** The documents in Bob's inbox. */
  async function inbox(): Promise<string[]> {
    const response = await fetch(`${bob.pod}inbox/`, { headers: { authorization: `Bearer ${bobToken}`, accept: 'text/turtle' } });
    assert.equal(response.status, 200);
    return new Parser({ baseIRI: `${bob.pod}inbox/` }).parse(await response.text())
      .filter((quad): boolean => quad.predicate.value === LDP_CONTAINS).map((quad): string => quad.object.value);
  }

  it('tells the agents of the pod\'s ACLs through their inboxes', async(): Promise<void> => {
    // Alice shares a folder with Bob (Cartable) and Carol (stock CSS).
    const folder = `${alice.pod}drive/partage/`;
    const auth = { authorization: `Bearer ${aliceToken}` };
    assert.equal((await fetch(`${folder}cours.txt`, { method: 'PUT', headers: { ...auth, 'content-type': 'text/plain' },
      body: 'latin' })).status, 201);
    const aclTurtle = `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${alice.webId}>; acl:accessTo <./>; acl:default <./>;
  acl:mode acl:Read, acl:Write, acl:Control.
<#share> a acl:Authorization; acl:agent <${bob.webId}>, <${carol.webId}>; acl:accessTo <./>; acl:default <./>;
  acl:mode acl:Read.`;
    assert.equal((await fetch(`${folder}.acl`, { method: 'PUT', headers: { ...auth, 'content-type': 'text/turtle' },
      body: aclTurtle })).status, 201);

    // The ACLs as the mover reads them from the server.
    const aclTurtles = await Promise.all([ `${alice.pod}.acl`, `${folder}.acl` ].map(async(url): Promise<{ url: string; turtle: string }> => {
      const response = await fetch(url, { headers: { ...auth, accept: 'text/turtle' } });
      assert.equal(response.status, 200, url);
      return { url, turtle: await response.text() };
    }));
    const peers = peersOf({ aclTurtles, ownWebIds: [ alice.webId, aliceElsewhere.webId ] });
    assert.deepEqual([ ...peers ].sort(), [ bob.webId, carol.webId ].sort());

    const before = await inbox();
    // Alice's token goes to Cartable only (the server of her old pod); Carol's server sees no credentials.
    const sentHeaders: string[] = [];
    const results = await notifyPeers({
      peers, oldWebId: alice.webId, newWebId: aliceElsewhere.webId, oldPod: alice.pod, newPod: aliceElsewhere.pod,
      authorization: async(url: string): Promise<string | undefined> => {
        if (new URL(url).origin === new URL(server.url).origin) {
          sentHeaders.push(url);
          return `Bearer ${aliceToken}`;
        }
        return undefined;
      },
      timeoutMs: 10_000,
      concurrency: 2,
    });
    const byAgent = new Map(results.map((result): [string, PeerResult] => [ result.agent, result ]));
    assert.deepEqual(byAgent.get(bob.webId), { agent: bob.webId, inbox: `${bob.pod}inbox/`, status: 'sent' });
    assert.deepEqual(byAgent.get(carol.webId), { agent: carol.webId, inbox: null, status: 'no-inbox' });
    assert.deepEqual(sentHeaders.sort(), [ `${bob.pod}inbox/`, `${bob.pod}profile/card` ]);

    // Bob finds the notice in his inbox.
    const added = (await inbox()).filter((url): boolean => !before.includes(url));
    assert.equal(added.length, 1);
    const response = await fetch(added[0], { headers: { authorization: `Bearer ${bobToken}`, accept: 'application/ld+json' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/ld\+json/u);
    const notice = await response.json() as Record<string, unknown>;
    assert.equal(notice.type, 'Move');
    assert.deepEqual(notice.actor, { id: alice.webId, 'owl:sameAs': { id: aliceElsewhere.webId }});
    assert.equal(notice.object, alice.pod);
    assert.equal(notice.origin, alice.pod);
    assert.equal(notice.target, aliceElsewhere.pod);
    // Nobody else reads it.
    assert.equal((await fetch(added[0], { headers: { authorization: `Bearer ${aliceToken}` } })).status, 403);
  });

  it('reports an inbox that refuses anonymous notices, without stopping', async(): Promise<void> => {
    const before = await inbox();
    const results = await notifyPeers({ peers: [ bob.webId, carol.webId, `${server.url}nobody/profile/card#me` ],
      oldWebId: alice.webId, oldPod: alice.pod, newPod: aliceElsewhere.pod, timeoutMs: 10_000 });
    assert.deepEqual(results, [
      { agent: bob.webId, inbox: `${bob.pod}inbox/`, status: 'failed', reason: 'inbox: HTTP 401' },
      { agent: carol.webId, inbox: null, status: 'no-inbox' },
      // No such pod: Cartable does not tell anonymous agents what exists.
      { agent: `${server.url}nobody/profile/card#me`, inbox: null, status: 'failed', reason: 'profile: HTTP 401' },
    ]);
    assert.deepEqual(await inbox(), before);
  });
});
