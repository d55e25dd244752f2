// Directory sync at ENT sign-in: the person's about document gets their school and class, server-owned
// class groups list members by WebID (or ENT identifier until they have an account), a rule naming the
// class group works for classmates and not for others, and the person's ENT address book lists classmates
// and teachers without touching contacts they added themselves.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Session } from '@inrupt/solid-client-authn-node';
import { createAccountWithPod, sessionFor } from '../util/accounts.ts';
import type { TestServer } from '../util/cartable.ts';
import { sessionOf, signInWithEnt, useEntServer } from '../util/ent.ts';

describe('directory sync at ENT sign-in', (): void => {
  const fixture = useEntServer();
  const { sessions } = fixture;
  let server: TestServer;
  before((): void => {
    server = fixture.server();
  });

  it('fills the about document, the class group and the address book, and opens class rules to classmates', async(): Promise<void> => {
    const lina = await signInWithEnt(server.url, 'lina.legoff');
    const camille = await signInWithEnt(server.url, 'camille.martin');
    const mael = await signInWithEnt(server.url, 'mael.guillou');
    const [ linaSession, camilleSession, maelSession ] = await Promise.all([ lina, camille, mael ]
      .map(async(person): Promise<Session> => sessionOf(server.url, person)));
    sessions.push(linaSession, camilleSession, maelSession);

    const about = await (await camilleSession.fetch(`${camille.pod}profile/about`)).text();
    assert.match(about, /Camille Martin/u);
    // Her name, school and class are open to the signed-in members of her school, and nobody else.
    assert.equal((await maelSession.fetch(`${camille.pod}profile/about`)).status, 200, 'a pupil of her school sees who she is');
    assert.equal((await fetch(`${camille.pod}profile/about`)).status, 401, 'anonymous does not');
    const outsider = await createAccountWithPod(server.url, 'o0u7s1d3');
    const outsiderSession = await sessionFor(server.url, outsider);
    sessions.push(outsiderSession);
    assert.equal((await outsiderSession.fetch(`${camille.pod}profile/about`)).status, 403, 'someone outside the school does not');
    assert.equal((await outsiderSession.fetch(`${camille.pod}settings/prefs`)).status, 403);
    assert.match(about, /COLLEGE DEMO ANJELA DUVAL|Anjela Duval/iu);
    assert.match(about, /4A|4e A/u);

    const book = await camilleSession.fetch(`${camille.pod}contacts/ent-directory`);
    assert.equal(book.status, 200);
    const turtle = await book.text();
    for (const name of [ 'Lina Le Goff', 'Noé Tanguy', 'Claire Morvan' ]) {
      assert.ok(turtle.includes(name), `${name} is in Camille's address book`);
    }
    assert.ok(turtle.includes(lina.webId), 'a classmate who has an account is linked by WebID');
    assert.equal((await maelSession.fetch(`${camille.pod}contacts/ent-directory`)).status, 403);

    // The class group is server-owned and private; its members read it.
    const groupMatch = /rdfs:seeAlso <([^>]*\/groups\/[^>]*\/4A#members)>/u.exec(turtle);
    assert.ok(groupMatch, 'the address book links the server-owned class group');
    const groupDocument = groupMatch[1].split('#')[0];
    assert.equal((await fetch(groupDocument)).status, 401, 'anonymous cannot read the class list');
    assert.equal((await maelSession.fetch(groupDocument)).status, 403, 'another class cannot read it');
    const group = await camilleSession.fetch(groupDocument);
    assert.equal(group.status, 200, 'a member reads her class list');
    const members = await group.text();
    assert.ok(members.includes(camille.webId) && members.includes(lina.webId), 'members with accounts are listed by WebID');
    assert.match(members, /entPersonUid/u, 'members without an account yet are listed by ENT identifier');

    // A teacher-style share: Camille opens a folder to her class with one rule naming the group.
    const folder = `${camille.pod}drive/expose/`;
    assert.equal((await camilleSession.fetch(`${folder}plan.txt`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'Plan' })).status, 201);
    const acl = `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${camille.webId}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read, acl:Write, acl:Control.
<#class> a acl:Authorization; acl:agentGroup <${groupMatch[1]}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read.`;
    assert.equal((await camilleSession.fetch(`${folder}.acl`, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: acl })).status, 201);
    assert.equal((await linaSession.fetch(`${folder}plan.txt`)).status, 200, 'a classmate reads it');
    assert.equal((await maelSession.fetch(`${folder}plan.txt`)).status, 403, 'a pupil of another class does not');
    assert.equal((await fetch(`${folder}plan.txt`)).status, 401);

    // Noé has no account yet: he is a member by ENT identifier, and counts the moment his account exists.
    const noe = await signInWithEnt(server.url, 'noe.tanguy');
    const noeSession = await sessionOf(server.url, noe);
    sessions.push(noeSession);
    assert.equal((await noeSession.fetch(`${folder}plan.txt`)).status, 200, 'a new member counts at once');
  });

  it('syncs on demand with npx cartable ent sync (a person with their stored tokens, or a school)', async(): Promise<void> => {
    await signInWithEnt(server.url, 'claire.morvan');
    const cli = async(...args: string[]): Promise<{ code: number | null; output: string }> => new Promise((resolve): void => {
      const child = spawn(process.execPath, [ join(import.meta.dirname, '..', '..', 'bin', 'cartable.mjs'), 'ent', 'sync', ...args,
        '--port', String(server.port), '--data', server.data ]);
      let output = '';
      child.stdout.on('data', (chunk: Buffer): void => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer): void => {
        output += chunk.toString();
      });
      child.on('close', (code): void => resolve({ code, output }));
    });
    let result = await cli('--user', 'UID254689DE');
    assert.equal(result.code, 0, result.output);
    assert.ok((JSON.parse(result.output) as { groups: number }).groups > 0, result.output);
    result = await cli('--school', '0359999D');
    assert.equal(result.code, 0, result.output);
    assert.ok((JSON.parse(result.output) as { persons: number }).persons >= 12, result.output);
    result = await cli('--user', 'UIDNOBODY');
    assert.equal(result.code, 1);
    assert.match(result.output, /has no cartable on this server/u);
    result = await cli();
    assert.equal(result.code, 2);
    assert.match(result.output, /Usage: cartable ent sync/u);
    const refused = await fetch(`${server.url}.cartable/admin/ent/sync`, { method: 'POST', headers: { authorization: 'Bearer guess' }, body: '{"school":"0359999D"}' });
    assert.equal(refused.status, 401, 'a wrong admin token is refused');
  });

  it('keeps contacts a person added by hand when the directory is synced again', async(): Promise<void> => {
    const jade = await signInWithEnt(server.url, 'jade.riou');
    const session = await sessionOf(server.url, jade);
    sessions.push(session);
    const mine = `${jade.pod}contacts/mes-amis`;
    assert.equal((await session.fetch(mine, { method: 'PUT', headers: { 'content-type': 'text/turtle' },
      body: '<#max> <http://www.w3.org/2006/vcard/ns#fn> "Max (club de foot)".' })).status, 201);
    await signInWithEnt(server.url, 'jade.riou');
    const kept = await session.fetch(mine);
    assert.equal(kept.status, 200);
    assert.match(await kept.text(), /Max \(club de foot\)/u);
  });
});
