// Private class groups in WAC against a real Cartable over real HTTP: a teacher shares a folder with a
// group (`acl:agentGroup`), members get in, others do not, the group document itself stays private, and a
// membership change applies at once to the existing rule without touching any ACL.
//
// Two kinds of groups are covered: a private group document the teacher writes in their own pod over
// HTTP, and a server-owned class group written by the configured ClassGroupWriter (as the ENT directory
// sync will). The server runs in this process, so the test reaches that writer (and the placeholder
// EntIdentityIndex) by walking the running app's object graph; nothing in the server exists for tests.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Session } from '@inrupt/solid-client-authn-node';
import { startCartable } from '../../bin/lib/server.mjs';
import type { RunningCartable } from '../../bin/lib/server.mjs';
import { ClassGroupWriter } from '../../components/dist/groups/ClassGroupWriter.js';
import { EntPersonIndex } from '../../components/dist/ent/EntPersonIndex.js';
import { createAccountWithPod, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { freePort } from '../util/cartable.ts';

const STRUCTURE = '0350000A';

/** Every object reachable from `root` through properties, arrays, maps and sets that is an instance of `type`. */
function findInstances<T>(root: unknown, type: abstract new (...args: never[]) => T): T[] {
  const found: T[] = [];
  const seen = new Set<object>();
  const queue: unknown[] = [ root ];
  for (let next = 0; next < queue.length; next++) {
    const value = queue[next];
    if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) {
      continue;
    }
    seen.add(value);
    if (value instanceof type) {
      found.push(value);
    }
    if (value instanceof Map) {
      queue.push(...value.values());
    } else if (value instanceof Set || Array.isArray(value)) {
      queue.push(...value as Iterable<unknown>);
    } else {
      queue.push(...Object.values(value as Record<string, unknown>));
    }
  }
  return found;
}

/** An ACL for a folder: the owner controls it, the group reads it and everything in it. */
function folderAcl(owner: string, group: string): string {
  return `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${owner}>; acl:accessTo <./>; acl:default <./>;
    acl:mode acl:Read, acl:Write, acl:Control.
<#group> a acl:Authorization; acl:agentGroup <${group}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read.
`;
}

function groupDocument(...webIds: string[]): string {
  const members = webIds.map((webId): string => `<${webId}>`).join(', ');
  return `@prefix vcard: <http://www.w3.org/2006/vcard/ns#>.
<#members> a vcard:Group; vcard:fn "4e A (mes élèves)"${members ? `; vcard:hasMember ${members}` : ''}.
`;
}

function median(values: number[]): number {
  const sorted = [ ...values ].sort((a, b): number => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('private class groups', (): void => {
  let data: string;
  let running: RunningCartable;
  let base: string;
  let writer: ClassGroupWriter;
  let entIndex: EntPersonIndex;
  let teacher: TestAccount;
  let member: TestAccount;
  let other: TestAccount;
  let teacherSession: Session;
  let memberSession: Session;
  let otherSession: Session;

  const status = async(session: Session | undefined, url: string): Promise<number> =>
    (session ? await session.fetch(url) : await fetch(url, { headers: { accept: 'text/turtle' } })).status;

  /** Creates `path` (a folder) in the teacher's drive with one file, and gives it an ACL naming `group`. */
  async function shareFolder(path: string, group: string): Promise<{ folder: string; file: string }> {
    const folder = `${teacher.pod}drive/${path}`;
    const file = `${folder}consignes.txt`;
    const created = await teacherSession.fetch(file, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'Exercices 1 à 4' });
    assert.equal(created.status, 201);
    const acl = await teacherSession.fetch(`${folder}.acl`, {
      method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: folderAcl(teacher.webId, group),
    });
    assert.equal(acl.status, 201, await acl.text());
    return { folder, file };
  }

  before(async(): Promise<void> => {
    const port = await freePort();
    data = mkdtempSync(join(tmpdir(), 'cartable-groups-'));
    base = `http://localhost:${port}/`;
    running = await startCartable({ port, baseUrl: base, data, config: 'test', quota: '5GB', demo: false, logLevel: 'warn' },
      { buildFirst: false });
    [ writer ] = findInstances(running.app, ClassGroupWriter);
    [ entIndex ] = findInstances(running.app, EntPersonIndex);
    assert.ok(writer, 'the configured ClassGroupWriter is part of the running server');
    assert.ok(entIndex, 'the configured EntIdentityIndex is part of the running server');
    teacher = await createAccountWithPod(base, 't0c4a1');
    member = await createAccountWithPod(base, 'p0c4a2');
    other = await createAccountWithPod(base, 'p0c5b3');
    [ teacherSession, memberSession, otherSession ] = await Promise.all([ teacher, member, other ]
      .map(async(account): Promise<Session> => sessionFor(base, account)));
  });

  after(async(): Promise<void> => {
    await Promise.all([ teacherSession, memberSession, otherSession ].map(async(session): Promise<void> => session?.logout()));
    await running?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  describe('a private group document in the teacher\'s pod', (): void => {
    let group: string;
    let shared: { folder: string; file: string };

    before(async(): Promise<void> => {
      group = `${teacher.pod}contacts/class-4a`;
      const put = await teacherSession.fetch(group, {
        method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: groupDocument(member.webId),
      });
      assert.equal(put.status, 201);
      shared = await shareFolder('devoirs/', `${group}#members`);
    });

    it('lets members read the shared folder and its files, and nobody else', async(): Promise<void> => {
      for (const url of [ shared.folder, shared.file ]) {
        assert.equal(await status(memberSession, url), 200, `member reads ${url}`);
        assert.equal(await status(otherSession, url), 403, `non-member is refused ${url}`);
        assert.equal(await status(undefined, url), 401, `anonymous is asked to sign in for ${url}`);
      }
      assert.equal(await (await memberSession.fetch(shared.file)).text(), 'Exercices 1 à 4');
    });

    it('gives members read access only', async(): Promise<void> => {
      const write = await memberSession.fetch(shared.file, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' });
      assert.equal(write.status, 403);
    });

    it('keeps the group document private, even from its members', async(): Promise<void> => {
      assert.equal(await status(undefined, group), 401);
      assert.equal(await status(otherSession, group), 403);
      assert.equal(await status(memberSession, group), 403);
      assert.equal(await status(teacherSession, group), 200);
    });

    it('applies a membership change at once to the existing rule, without touching the ACL', async(): Promise<void> => {
      const aclBefore = await (await teacherSession.fetch(`${shared.folder}.acl`)).text();
      assert.equal(await status(memberSession, shared.file), 200, 'the membership is cached');
      const put = await teacherSession.fetch(group, {
        method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: groupDocument(other.webId),
      });
      assert.equal(put.status, 205);
      assert.equal(await status(memberSession, shared.file), 403, 'the removed member is out at once');
      assert.equal(await status(otherSession, shared.file), 200, 'the added member is in at once');
      assert.equal(await (await teacherSession.fetch(`${shared.folder}.acl`)).text(), aclBefore);
    });
  });

  describe('a server-owned class group', (): void => {
    let group: string;
    let document: string;
    let shared: { folder: string; file: string };

    before(async(): Promise<void> => {
      group = await writer.write({
        structureId: STRUCTURE, groupId: '4A', kind: 'SchoolClass', name: '4e A', members: [{ webId: member.webId }],
      });
      document = group.replace(/#.*$/u, '');
      shared = await shareFolder('classe-4a/', group);
    });

    it('is written at groups/<structure>/<group>', (): void => {
      assert.equal(group, `${base}groups/${STRUCTURE}/4A#members`);
    });

    it('lets members read the shared folder, and nobody else', async(): Promise<void> => {
      assert.equal(await status(memberSession, shared.file), 200);
      assert.equal(await status(memberSession, shared.folder), 200);
      assert.equal(await status(otherSession, shared.file), 403);
      assert.equal(await status(undefined, shared.file), 401);
    });

    it('lets members read their class list, and nobody else', async(): Promise<void> => {
      const read = await memberSession.fetch(document, { headers: { accept: 'text/turtle' } });
      assert.equal(read.status, 200);
      const body = await read.text();
      assert.ok(body.includes(member.webId), 'the member finds themself in the list');
      assert.match(body, /4e A/u);
      assert.equal(await status(otherSession, document), 403);
      assert.equal(await status(undefined, document), 401);
      assert.equal(await status(teacherSession, document), 403, 'a teacher who is not listed cannot read it either');
      const write = await memberSession.fetch(document, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: '' });
      assert.equal(write.status, 403, 'members cannot change the list');
    });

    it('keeps the groups container closed to everyone', async(): Promise<void> => {
      for (const url of [ `${base}groups/`, `${base}groups/${STRUCTURE}/`, `${document}.acl` ]) {
        assert.equal(await status(undefined, url), 401, `anonymous ${url}`);
        assert.equal(await status(memberSession, url), 403, `member ${url}`);
        assert.equal(await status(teacherSession, url), 403, `teacher ${url}`);
      }
    });

    it('applies a rewrite of the group document at once, and rewrites no ACL', async(): Promise<void> => {
      const groupAclFile = join(data, 'groups', STRUCTURE, '4A.acl');
      const groupAclBefore = readFileSync(groupAclFile, 'utf8');
      const folderAclBefore = await (await teacherSession.fetch(`${shared.folder}.acl`)).text();
      assert.equal(await status(memberSession, shared.file), 200);
      assert.equal(await status(otherSession, shared.file), 403);

      await writer.write({
        structureId: STRUCTURE, groupId: '4A', kind: 'SchoolClass', name: '4e A', members: [{ webId: other.webId }],
      });
      assert.equal(await status(memberSession, shared.file), 403, 'the pupil who left is out at once');
      assert.equal(await status(otherSession, shared.file), 200, 'the pupil who arrived is in at once');
      assert.equal(await status(otherSession, document), 200, 'and reads the class list');
      assert.equal(await status(memberSession, document), 403);
      assert.equal(readFileSync(groupAclFile, 'utf8'), groupAclBefore);
      assert.equal(await (await teacherSession.fetch(`${shared.folder}.acl`)).text(), folderAclBefore);
    });

    it('admits a member listed by ENT identifier once their WebID maps to it', async(): Promise<void> => {
      const listed = await writer.write({
        structureId: STRUCTURE, groupId: '4B', kind: 'SchoolClass', name: '4e B', members: [{ entUid: 'UID-4B-007' }],
      });
      const folder = await shareFolder('classe-4b/', listed);
      assert.equal(await status(otherSession, folder.file), 403, 'no account is linked to the ENT identifier yet');
      // Stands in for the ENT login's index (not written yet): `other` signed in through the ENT as UID-4B-007.
      const placeholder = entIndex.entUidOf.bind(entIndex);
      entIndex.entUidOf = async(webId: string): Promise<string | undefined> => webId === other.webId ? 'UID-4B-007' : undefined;
      try {
        assert.equal(await status(otherSession, folder.file), 200);
        assert.equal(await status(otherSession, listed.replace(/#.*$/u, '')), 200, 'and reads the class list');
        assert.equal(await status(memberSession, folder.file), 403);
      } finally {
        entIndex.entUidOf = placeholder;
      }
      assert.equal(await status(otherSession, folder.file), 403);
    });

    it('grants nothing through a group without members', async(): Promise<void> => {
      const empty = await writer.write({
        structureId: STRUCTURE, groupId: 'vide', kind: 'OptionGroup', name: 'Option sans élèves', members: [],
      });
      const folder = await shareFolder('vide/', empty);
      assert.equal(await status(memberSession, folder.file), 403);
      assert.equal(await status(otherSession, empty.replace(/#.*$/u, '')), 403);
      assert.equal(await status(teacherSession, folder.file), 200);
    });

    it('checks a 2,000-member group quickly once it has been read', async(): Promise<void> => {
      const webIds = Array.from({ length: 1999 }, (_, i): string => `https://pod${i}.pupils.example/profile/card#me`);
      let started = performance.now();
      const big = await writer.write({
        structureId: STRUCTURE, groupId: 'niveau-4', kind: 'SchoolCommunity', name: 'Niveau 4e',
        members: [ ...webIds.map((webId): { webId: string } => ({ webId })), { webId: member.webId }],
      });
      const writeMs = performance.now() - started;
      const folder = await shareFolder('niveau-4/', big);

      started = performance.now();
      assert.equal(await status(memberSession, folder.file), 200);
      const firstMs = performance.now() - started;
      const memberMs: number[] = [];
      const otherMs: number[] = [];
      const ownerMs: number[] = [];
      for (let i = 0; i < 20; i++) {
        started = performance.now();
        assert.equal(await status(memberSession, folder.file), 200);
        memberMs.push(performance.now() - started);
        started = performance.now();
        assert.equal(await status(otherSession, folder.file), 403);
        otherMs.push(performance.now() - started);
        started = performance.now();
        assert.equal(await status(teacherSession, folder.file), 200);
        ownerMs.push(performance.now() - started);
      }
      const bytes = readFileSync(join(data, 'groups', STRUCTURE, 'niveau-4$.ttl')).length;
      const round = (ms: number): string => ms.toFixed(1);
      process.stdout.write(`# 2,000-member group (${bytes} bytes): write ${round(writeMs)} ms, first check ${round(firstMs)} ms; ` +
        `then median/max member ${round(median(memberMs))}/${round(Math.max(...memberMs))} ms, ` +
        `non-member ${round(median(otherMs))}/${round(Math.max(...otherMs))} ms, ` +
        `owner ${round(median(ownerMs))}/${round(Math.max(...ownerMs))} ms\n`);
      assert.ok(median(memberMs) < 200, `member check median ${median(memberMs)} ms`);
      assert.ok(median(otherMs) < 200, `non-member check median ${median(otherMs)} ms`);
    });
  });

  describe('a group on another server', (): void => {
    let listener: Server;
    let requests: string[];

    before(async(): Promise<void> => {
      requests = [];
      listener = createServer((request, response): void => {
        requests.push(`${request.method} ${request.url}`);
        response.writeHead(200, { 'content-type': 'text/turtle' }).end(groupDocument(member.webId));
      });
      await new Promise<void>((resolve): void => {
        listener.listen(0, '127.0.0.1', resolve);
      });
    });

    after(async(): Promise<void> => {
      listener.closeAllConnections();
      await new Promise((resolve): void => {
        listener.close(resolve);
      });
    });

    it('is not fetched, so it grants nothing', async(): Promise<void> => {
      const port = (listener.address() as AddressInfo).port;
      const folder = `${teacher.pod}drive/externe/`;
      const file = `${folder}consignes.txt`;
      assert.equal((await teacherSession.fetch(file, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' })).status, 201);
      const acl = `${folderAcl(teacher.webId, `http://127.0.0.1:${port}/group#members`)}
<#localhost> a acl:Authorization; acl:agentGroup <http://localhost:${port}/group#members>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read.
`;
      assert.equal((await teacherSession.fetch(`${folder}.acl`, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: acl })).status, 201);
      assert.equal(await status(memberSession, file), 403);
      assert.equal(await status(memberSession, folder), 403);
      assert.equal(await status(teacherSession, file), 200);
      assert.deepEqual(requests, [], 'the server made no request to the external group\'s host');
    });
  });
});
