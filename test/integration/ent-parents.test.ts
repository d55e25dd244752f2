// Parents' default access: a parent signs in through the ENT; their child under 15 has granted them read
// access to school/ (explained in the child's consents/), and a pupil of 15 or more is told the access is
// theirs to decide. Against the simulated ENT (its institutional export carries the parent links).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { TestServer } from '../util/cartable.ts';
import { sessionOf, signInWithEnt, useEntServer } from '../util/ent.ts';

/** Polls until `check` holds (the school sync runs in the background after a sign-in). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((resolve): void => {
      setTimeout(resolve, 250);
    });
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('parents and the school records of their children', (): void => {
  const fixture = useEntServer();
  const { sessions } = fixture;
  let server: TestServer;
  before((): void => {
    server = fixture.server();
  });

  it('lets the parent of a pupil under 15 read her school records, and explains it to her', async(): Promise<void> => {
    const camille = await signInWithEnt(server.url, 'camille.martin');
    const camilleSession = await sessionOf(server.url, camille);
    sessions.push(camilleSession);
    await eventually(async(): Promise<boolean> =>
      (await (await camilleSession.fetch(`${camille.pod}school/.acl`)).text()).includes('#parents'), 'the parents rule');
    const report = `${camille.pod}school/bulletin-t1.ttl`;
    assert.equal((await camilleSession.fetch(report, { method: 'PUT', headers: { 'content-type': 'text/turtle' },
      body: '<#it> <http://schema.org/name> "Bulletin du 1er trimestre".' })).status, 201);

    const consent = await camilleSession.fetch(`${camille.pod}consents/parents`);
    assert.equal(consent.status, 200);
    const explained = await consent.text();
    assert.match(explained, /Comme tu as moins de 15 ans, tes parents/u);
    assert.match(explained, /dpv:Consent/u);

    const sophie = await signInWithEnt(server.url, 'sophie.martin');
    const sophieSession = await sessionOf(server.url, sophie);
    sessions.push(sophieSession);
    assert.equal((await sophieSession.fetch(report)).status, 200, 'her mother reads the report card');
    assert.equal((await sophieSession.fetch(`${camille.pod}school/`)).status, 200, 'and the folder');
    assert.equal((await sophieSession.fetch(`${camille.pod}drive/`)).status, 403, 'but nothing else');
    assert.equal((await fetch(report)).status, 401);

    const lina = await signInWithEnt(server.url, 'lina.legoff');
    const linaSession = await sessionOf(server.url, lina);
    sessions.push(linaSession);
    assert.equal((await linaSession.fetch(report)).status, 403, 'a classmate does not read it');
    assert.equal((await sophieSession.fetch(`${lina.pod}school/`)).status, 403, 'a parent does not read other children\'s records');
  });

  it('tells a pupil of 15 that the access is theirs, and grants nothing by default', async(): Promise<void> => {
    const mael = await signInWithEnt(server.url, 'mael.guillou');
    const maelSession = await sessionOf(server.url, mael);
    sessions.push(maelSession);
    await eventually(async(): Promise<boolean> => {
      const inbox = await (await maelSession.fetch(`${mael.pod}inbox/`)).text();
      return /ldp:contains|contains/u.test(inbox);
    }, 'a notice in his inbox');
    const listing = await (await maelSession.fetch(`${mael.pod}inbox/`, { headers: { accept: 'text/turtle' }})).text();
    const notice = /<([^>]+)>/u.exec(listing.split('contains')[1] ?? '')?.[1];
    assert.ok(notice, listing);
    const body = await (await maelSession.fetch(new URL(notice, `${mael.pod}inbox/`).href, { headers: { accept: 'application/ld+json' }})).text();
    assert.match(body, /Tu as 15 ans/u);

    const stephane = await signInWithEnt(server.url, 'stephane.guillou');
    const stephaneSession = await sessionOf(server.url, stephane);
    sessions.push(stephaneSession);
    assert.equal((await stephaneSession.fetch(`${mael.pod}school/`)).status, 403, 'no access unless Maël grants it');
    assert.ok(!(await (await maelSession.fetch(`${mael.pod}school/.acl`)).text()).includes('#parents'));
  });
});
