// The pupil pod layout, its access rules and everyday CRUD, against a real Cartable over real HTTP,
// as the pupil (client credentials + DPoP), another pupil and an anonymous visitor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Session } from '@inrupt/solid-client-authn-node';
import {
  buildThing, createSolidDataset, deleteFile, deleteSolidDataset, getFile, getSolidDataset, getStringNoLocale,
  getThing, overwriteFile, saveSolidDatasetAt, setThing,
} from '@inrupt/solid-client';
import { POD_AREAS } from '../../components/dist/pods/PodLayout.js';
import { createAccountWithPod, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';

const SCHEMA_NAME = 'http://schema.org/name';

describe('pupil pod layout and access', (): void => {
  let server: TestServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let aliceSession: Session;
  let bobSession: Session;

  before(async(): Promise<void> => {
    server = await startTestServer();
    alice = await createAccountWithPod(server.url, 'a1b2c3', {
      fullName: 'Alice "Zoé" Martin', role: 'pupil', school: 'Collège Test', className: '4e A',
    });
    bob = await createAccountWithPod(server.url, 'b4d5e6');
    aliceSession = await sessionFor(server.url, alice);
    bobSession = await sessionFor(server.url, bob);
  });

  after(async(): Promise<void> => {
    await aliceSession?.logout();
    await bobSession?.logout();
    await server?.stop();
  });

  it('creates the pod at an opaque name with its WebID', (): void => {
    assert.equal(alice.pod, `${server.url}a1b2c3/`);
    assert.equal(alice.webId, `${server.url}a1b2c3/profile/card#me`);
  });

  it('creates every area container, readable by the owner only', async(): Promise<void> => {
    for (const area of POD_AREAS) {
      const url = `${alice.pod}${area.path}`;
      assert.equal((await aliceSession.fetch(url)).status, 200, `owner reads ${area.path}`);
      assert.equal((await bobSession.fetch(url)).status, 403, `another pupil is refused ${area.path}`);
      assert.equal((await fetch(url)).status, 401, `anonymous is asked to sign in for ${area.path}`);
      const acl = await aliceSession.fetch(`${url}.acl`);
      assert.equal(acl.status, 200, `${area.path} has its own ACL`);
      assert.match(await acl.text(), /acl:Control/u);
    }
  });

  it('keeps the public WebID profile minimal: issuer, storage, inbox, public type index', async(): Promise<void> => {
    const response = await fetch(`${alice.pod}profile/card`, { headers: { accept: 'text/turtle' } });
    assert.equal(response.status, 200);
    const body = await response.text();
    for (const term of [ 'solid:oidcIssuer', 'pim:storage', 'ldp:inbox', 'solid:publicTypeIndex' ]) {
      assert.ok(body.includes(term), `profile has ${term}`);
    }
    assert.ok(!body.includes('Alice'), 'the name is not in the public profile');
    assert.ok(!body.includes('Collège'), 'the school is not in the public profile');
    assert.ok(!body.includes('privateTypeIndex'), 'the private type index is not linked from the public profile');
  });

  it('keeps name, school and class in an owner-only document', async(): Promise<void> => {
    const url = `${alice.pod}profile/about`;
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await bobSession.fetch(url)).status, 403);
    const dataset = await getSolidDataset(url, { fetch: aliceSession.fetch });
    const me = getThing(dataset, alice.webId);
    assert.ok(me, 'the about document describes the WebID');
    assert.equal(getStringNoLocale(me, 'http://xmlns.com/foaf/0.1/name'), 'Alice "Zoé" Martin');
    const school = getThing(dataset, `${url}#school`);
    assert.equal(school && getStringNoLocale(school, SCHEMA_NAME), 'Collège Test');
    const klass = getThing(dataset, `${url}#class`);
    assert.equal(klass && getStringNoLocale(klass, SCHEMA_NAME), '4e A');
  });

  it('links the private type index from the owner-only preferences file', async(): Promise<void> => {
    assert.equal((await fetch(`${alice.pod}settings/prefs`)).status, 401);
    assert.equal((await fetch(`${alice.pod}settings/privateTypeIndex`)).status, 401);
    assert.equal((await fetch(`${alice.pod}settings/publicTypeIndex`)).status, 200);
    const prefs = await (await aliceSession.fetch(`${alice.pod}settings/prefs`)).text();
    assert.match(prefs, /solid:privateTypeIndex/u);
  });

  it('lets the owner create, read, update and delete documents and files', async(): Promise<void> => {
    const url = `${alice.pod}notes/histoire/cours-1.ttl`;
    const created = setThing(createSolidDataset(),
      buildThing({ url: `${url}#it` }).addStringNoLocale(SCHEMA_NAME, 'La Révolution').build());
    await saveSolidDatasetAt(url, created, { fetch: aliceSession.fetch });
    const read = await getSolidDataset(url, { fetch: aliceSession.fetch });
    assert.equal(getStringNoLocale(getThing(read, `${url}#it`)!, SCHEMA_NAME), 'La Révolution');
    const updated = setThing(read, buildThing(getThing(read, `${url}#it`)!)
      .setStringNoLocale(SCHEMA_NAME, 'La Révolution française').build());
    await saveSolidDatasetAt(url, updated, { fetch: aliceSession.fetch });
    const reread = await getSolidDataset(url, { fetch: aliceSession.fetch });
    assert.equal(getStringNoLocale(getThing(reread, `${url}#it`)!, SCHEMA_NAME), 'La Révolution française');
    assert.equal((await bobSession.fetch(url)).status, 403, 'inherited rules keep another pupil out');
    await deleteSolidDataset(url, { fetch: aliceSession.fetch });
    assert.equal((await aliceSession.fetch(url)).status, 404);

    const fileUrl = `${alice.pod}drive/photo.bin`;
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i): number => (i * 7) % 256));
    await overwriteFile(fileUrl, new Blob([ bytes ]), { contentType: 'application/octet-stream', fetch: aliceSession.fetch });
    const fileBytes = Buffer.from(await (await getFile(fileUrl, { fetch: aliceSession.fetch })).arrayBuffer());
    assert.deepEqual(fileBytes, bytes);
    await deleteFile(fileUrl, { fetch: aliceSession.fetch });
    assert.equal((await aliceSession.fetch(fileUrl)).status, 404);
  });

  it('publishes portfolio pages publicly but keeps the listing and drafts private', async(): Promise<void> => {
    const page = `${alice.pod}portfolio/published/mon-stage.html`;
    const put = await aliceSession.fetch(page, { method: 'PUT', headers: { 'content-type': 'text/html' },
      body: '<!doctype html><title>Mon stage</title><p>Stage de 3e</p>' });
    assert.equal(put.status, 201);
    const draft = `${alice.pod}portfolio/drafts/brouillon.html`;
    assert.equal((await aliceSession.fetch(draft, { method: 'PUT', headers: { 'content-type': 'text/html' },
      body: '<p>brouillon</p>' })).status, 201);

    const anonymousPage = await fetch(page);
    assert.equal(anonymousPage.status, 200);
    assert.match(await anonymousPage.text(), /Stage de 3e/u);
    assert.equal((await bobSession.fetch(page)).status, 200);
    assert.equal((await fetch(`${alice.pod}portfolio/`)).status, 401, 'anonymous cannot list the portfolio');
    assert.equal((await fetch(`${alice.pod}portfolio/published/`)).status, 401, 'nor the published folder');
    assert.equal((await bobSession.fetch(`${alice.pod}portfolio/published/`)).status, 403);
    assert.equal((await fetch(draft)).status, 401);
    assert.equal((await bobSession.fetch(draft)).status, 403);
  });

  it('lets signed-in people post to the inbox, and only the owner read it', async(): Promise<void> => {
    const inbox = `${alice.pod}inbox/`;
    const notice = JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'Announce', summary: 'test' });
    const posted = await bobSession.fetch(inbox, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body: notice });
    assert.equal(posted.status, 201);
    const location = posted.headers.get('location')!;
    assert.equal((await bobSession.fetch(location)).status, 403, 'the sender cannot read it back');
    assert.equal((await bobSession.fetch(inbox)).status, 403, 'nor list the inbox');
    assert.equal((await fetch(inbox, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body: notice })).status, 401);
    assert.equal((await aliceSession.fetch(location)).status, 200);
  });

  it('sends private responses with Cache-Control: no-store', async(): Promise<void> => {
    const response = await aliceSession.fetch(`${alice.pod}profile/about`);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  it('refuses the root container to anonymous readers instead of listing every pod', async(): Promise<void> => {
    const response = await fetch(server.url, { headers: { accept: 'text/turtle' } });
    assert.equal(response.status, 401);
  });
});
