// Verified aliases (docs/move-aliases.md): Bob shared a document with Alice's WebID; Alice moved (her pod is
// marked moved with her new WebID, and her new profile states owl:sameAs the old one), so her new WebID reads
// the document. A one-sided claim, an unrelated agent and a withdrawn claim get 403. The same holds when the new
// WebID lives on another Solid server (stock CSS), whose profile Cartable fetches over HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearerTokenFor, controls, createAccountWithPod, post } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';

const OWL_PREFIX = '@prefix owl: <http://www.w3.org/2002/07/owl#>.';

/** Marks the account's (only) pod moved through the account API. */
async function markMoved(baseUrl: string, account: TestAccount, newPod: string, newWebId: string): Promise<void> {
  const ctl = await controls(baseUrl, account.authorization);
  const listing = await fetch(ctl.account.pod, { headers: { authorization: `CSS-Account-Token ${account.authorization}`,
    accept: 'application/json' } });
  const { pods } = await listing.json() as { pods: Record<string, string> };
  const response = await post(`${pods[account.pod]}move/`, { newPod, newWebId }, account.authorization);
  assert.equal(response.status, 200, await response.text());
}

/** Adds or removes `<webId> owl:sameAs <alias>` in the WebID's profile document, as its owner. */
async function claim(token: string, webId: string, alias: string, remove = false): Promise<void> {
  const operation = remove ? 'solid:deletes' : 'solid:inserts';
  const response = await fetch(webId.replace(/#.*$/u, ''), {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/n3' },
    body: `@prefix solid: <http://www.w3.org/ns/solid/terms#>. ${OWL_PREFIX}
_:patch a solid:InsertDeletePatch; ${operation} { <${webId}> owl:sameAs <${alias}>. }.`,
  });
  assert.ok(response.status >= 200 && response.status < 300, `PATCH ${webId}: ${response.status} ${await response.text()}`);
}

/** Bob's document, readable by `reader` (and by Bob). */
async function shareWith(token: string, owner: TestAccount, folderName: string, reader: string): Promise<string> {
  const folder = `${owner.pod}${folderName}/`;
  const document = `${folder}notes.ttl`;
  const put = await fetch(document, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' },
    body: '<#n> <http://purl.org/dc/terms/title> "Cours de latin".' });
  assert.equal(put.status, 201, await put.text());
  const acl = await fetch(`${folder}.acl`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' },
    body: `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${owner.webId}>; acl:accessTo <./>; acl:default <./>;
  acl:mode acl:Read, acl:Write, acl:Control.
<#shared> a acl:Authorization; acl:agent <${reader}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read.` });
  assert.equal(acl.status, 201, await acl.text());
  return document;
}

async function readAs(url: string, token?: string): Promise<number> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  await response.arrayBuffer();
  return response.status;
}

describe('verified aliases', (): void => {
  let server: TestServer;
  let stock: StockServer;
  let alice: TestAccount;
  let aliceNew: TestAccount;
  let bob: TestAccount;
  let mallory: TestAccount;
  let carol: TestAccount;
  let bobToken: string;
  let aliceNewToken: string;
  let malloryToken: string;
  let carolToken: string;

  before(async(): Promise<void> => {
    [ server, stock ] = await Promise.all([ startTestServer(), startStockCss() ]);
    alice = await createAccountWithPod(server.url, 'alice');
    aliceNew = await createAccountWithPod(server.url, 'alice-new');
    bob = await createAccountWithPod(server.url, 'bob');
    mallory = await createAccountWithPod(server.url, 'mallory');
    carol = await createAccountWithPod(server.url, 'carol');
    [ bobToken, aliceNewToken, malloryToken, carolToken ] = await Promise.all(
      [ bob, aliceNew, mallory, carol ].map(async(account): Promise<string> => bearerTokenFor(server.url, account)),
    );
  });
  after(async(): Promise<void> => {
    await Promise.all([ server?.stop(), stock?.stop() ]);
  });

  it('lets the new WebID read what was shared with the old one, once both profiles confirm', async(): Promise<void> => {
    const document = await shareWith(bobToken, bob, 'latin', alice.webId);
    // Only the new profile claims the old WebID: a one-sided claim grants nothing.
    await claim(aliceNewToken, aliceNew.webId, alice.webId);
    assert.equal(await readAs(document, aliceNewToken), 403);

    // Alice's pod moves; its old profile is now served with owl:sameAs the new WebID.
    await markMoved(server.url, alice, aliceNew.pod, aliceNew.webId);
    const oldProfile = await (await fetch(`${alice.pod}profile/card`)).text();
    assert.match(oldProfile, new RegExp(`owl:sameAs <${aliceNew.webId.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}>`, 'u'));
    assert.equal(await readAs(document, aliceNewToken), 200);
    // Read only: the rule grants Read, and so does the alias.
    const write = await fetch(document, { method: 'PUT', headers: { authorization: `Bearer ${aliceNewToken}`,
      'content-type': 'text/turtle' }, body: '<#n> <http://purl.org/dc/terms/title> "x".' });
    assert.equal(write.status, 403);
    // The owner and the rules naming agents directly are unaffected.
    assert.equal(await readAs(document, bobToken), 200);
    assert.equal(await readAs(document), 401);
  });

  it('refuses a claim the old profile does not confirm, and unrelated agents', async(): Promise<void> => {
    const document = `${bob.pod}latin/notes.ttl`;
    // Mallory claims to be Alice; Alice's (moved) profile points to her real new WebID only.
    await claim(malloryToken, mallory.webId, alice.webId);
    assert.equal(await readAs(document, malloryToken), 403);
    assert.equal(await readAs(document, carolToken), 403);
  });

  it('stops as soon as the new profile withdraws its claim', async(): Promise<void> => {
    const document = `${bob.pod}latin/notes.ttl`;
    await claim(aliceNewToken, aliceNew.webId, alice.webId, true);
    assert.equal(await readAs(document, aliceNewToken), 403);
    await claim(aliceNewToken, aliceNew.webId, alice.webId);
    assert.equal(await readAs(document, aliceNewToken), 200);
  });

  it('fetches the new profile when the WebID moved to another Solid server', async(): Promise<void> => {
    // Dora's pod on Cartable moves to a stock CSS server, with a new WebID there.
    const dora = await createAccountWithPod(server.url, 'dora');
    const doraElsewhere = await createAccountWithPod(stock.url, 'dora');
    const remoteToken = await bearerTokenFor(stock.url, doraElsewhere);
    const document = await shareWith(bobToken, bob, 'histoire', dora.webId);
    // The new profile (on stock CSS, fetched over HTTP) claims the old WebID; the old one does not confirm yet.
    await claim(remoteToken, doraElsewhere.webId, dora.webId);
    assert.equal(await readAs(document, remoteToken), 403);

    // Once the old pod is marked moved, its profile (answered from the move record, never from the cache)
    // confirms: the new state applies at once.
    await markMoved(server.url, dora, doraElsewhere.pod, doraElsewhere.webId);
    assert.equal(await readAs(document, remoteToken), 200);
    // Another agent of that server, claiming nothing, stays out.
    const eve = await createAccountWithPod(stock.url, 'eve');
    assert.equal(await readAs(document, await bearerTokenFor(stock.url, eve)), 403);
  });
});
