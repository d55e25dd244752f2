// Server-owned class groups: one private document per group under <base>groups/, readable by the group's
// members only; a membership change rewrites that document and nothing else.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Parser } from 'n3';
import type { Quad } from 'n3';
import type {
  AuxiliaryIdentifierStrategy, Representation, ResourceIdentifier, ResourceStore,
} from '@solid/community-server';
import { BadRequestHttpError, ConflictHttpError, readableToString } from '@solid/community-server';
import type { ClassGroup } from '../../../components/dist/groups/ClassGroupDocuments.js';
import { ClassGroupWriter } from '../../../components/dist/groups/ClassGroupWriter.js';
import { readGroupMembers } from '../../../components/dist/groups/GroupMembers.js';

const BASE = 'http://localhost:3000/';
const DOC = `${BASE}groups/0350000A/4A`;
const ALICE = `${BASE}alice/profile/card#me`;
const BOB = `${BASE}bob/profile/card#me`;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const ACL = 'http://www.w3.org/ns/auth/acl#';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';

/** A resource store keeping Turtle bodies by path, recording every write. */
class FakeStore {
  public readonly resources = new Map<string, string>();
  public readonly writes: string[] = [];
  public readonly deletes: string[] = [];
  public conflictOnContainer = false;

  public async hasResource(identifier: ResourceIdentifier): Promise<boolean> {
    return this.resources.has(identifier.path);
  }

  public async setRepresentation(identifier: ResourceIdentifier, representation: Representation): Promise<void> {
    if (this.conflictOnContainer && identifier.path.endsWith('/')) {
      this.resources.set(identifier.path, '');
      throw new ConflictHttpError('Existing containers cannot be updated via PUT.');
    }
    assert.equal(representation.metadata.contentType, 'text/turtle');
    this.writes.push(identifier.path);
    this.resources.set(identifier.path, await readableToString(representation.data));
  }

  public async deleteResource(identifier: ResourceIdentifier): Promise<void> {
    this.deletes.push(identifier.path);
    this.resources.delete(identifier.path);
    this.resources.delete(`${identifier.path}.acl`);
  }
}

const aclStrategy = {
  getAuxiliaryIdentifier: (identifier: ResourceIdentifier): ResourceIdentifier => ({ path: `${identifier.path}.acl` }),
} as AuxiliaryIdentifierStrategy;

const CLASS_4A: ClassGroup = {
  structureId: '0350000A',
  groupId: '4A',
  kind: 'SchoolClass',
  name: '4e A',
  members: [{ webId: ALICE }, { entUid: 'UID-CAROL' }],
};

function parse(store: FakeStore, path: string): Quad[] {
  const turtle = store.resources.get(path);
  assert.ok(turtle !== undefined, `${path} was written`);
  return new Parser({ baseIRI: path }).parse(turtle);
}

function objects(quads: Quad[], subject: string, predicate: string): string[] {
  return quads.filter((quad): boolean => quad.subject.value === subject && quad.predicate.value === predicate)
    .map((quad): string => quad.object.value).sort();
}

describe('ClassGroupWriter', (): void => {
  let store: FakeStore;
  let writer: ClassGroupWriter;

  beforeEach((): void => {
    store = new FakeStore();
    writer = new ClassGroupWriter(BASE, store as unknown as ResourceStore, aclStrategy);
  });

  it('names one document per group under groups/<structure>/<group>, the group being #members', (): void => {
    assert.equal(writer.documentUrl('0350000A', '4A'), DOC);
    assert.equal(writer.groupIri('0350000A', '4A'), `${DOC}#members`);
    assert.equal(new ClassGroupWriter('http://localhost:3000', store as unknown as ResourceStore, aclStrategy)
      .documentUrl('S', 'G'), `${BASE}groups/S/G`);
  });

  it('writes the group as a vcard:Group of its kind with name, identifier and members', async(): Promise<void> => {
    assert.equal(await writer.write(CLASS_4A), `${DOC}#members`);
    const quads = parse(store, DOC);
    const group = `${DOC}#members`;
    assert.deepEqual(objects(quads, group, RDF_TYPE), [ 'http://www.w3.org/2006/vcard/ns#Group', 'https://w3id.org/cartable/ns#SchoolClass' ]);
    assert.deepEqual(objects(quads, group, `${VCARD}fn`), [ '4e A' ]);
    assert.deepEqual(objects(quads, group, 'http://schema.org/identifier'), [ '4A' ]);
    const members = readGroupMembers(quads, true).get(group)!;
    assert.deepEqual([ ...members.webIds ], [ ALICE ]);
    assert.deepEqual([ ...members.entUids ], [ 'UID-CAROL' ]);
  });

  it('creates groups/ with an ACL granting nothing, then the group ACL, then the document', async(): Promise<void> => {
    await writer.write(CLASS_4A);
    assert.deepEqual(store.writes, [ `${BASE}groups/`, `${BASE}groups/.acl`, `${DOC}.acl`, DOC ]);
    const containerAcl = parse(store, `${BASE}groups/.acl`);
    assert.deepEqual(containerAcl, [], 'the container ACL holds no authorization at all');
  });

  it('gives each group document an ACL letting its own members read it, and nothing else', async(): Promise<void> => {
    await writer.write(CLASS_4A);
    const acl = parse(store, `${DOC}.acl`);
    const rules = acl.filter((quad): boolean => quad.predicate.value === RDF_TYPE && quad.object.value === `${ACL}Authorization`)
      .map((quad): string => quad.subject.value);
    assert.equal(rules.length, 1);
    assert.deepEqual(objects(acl, rules[0], `${ACL}agentGroup`), [ `${DOC}#members` ]);
    assert.deepEqual(objects(acl, rules[0], `${ACL}accessTo`), [ DOC ]);
    assert.deepEqual(objects(acl, rules[0], `${ACL}mode`), [ `${ACL}Read` ]);
    assert.deepEqual(objects(acl, rules[0], `${ACL}default`), []);
    assert.deepEqual(objects(acl, rules[0], `${ACL}agent`), []);
    assert.deepEqual(objects(acl, rules[0], `${ACL}agentClass`), []);
  });

  it('rewrites only the group document when members change', async(): Promise<void> => {
    await writer.write(CLASS_4A);
    const acl = store.resources.get(`${DOC}.acl`);
    store.writes.length = 0;
    await writer.write({ ...CLASS_4A, members: [{ webId: BOB }]});
    assert.deepEqual(store.writes, [ DOC ]);
    assert.equal(store.resources.get(`${DOC}.acl`), acl);
    const members = readGroupMembers(parse(store, DOC), true).get(`${DOC}#members`)!;
    assert.deepEqual([ ...members.webIds ], [ BOB ]);
    assert.equal(members.entUids.size, 0);
  });

  it('writes a group without members, and drops duplicate members', async(): Promise<void> => {
    await writer.write({ ...CLASS_4A, members: []});
    assert.deepEqual(objects(parse(store, DOC), `${DOC}#members`, `${VCARD}hasMember`), []);
    await writer.write({ ...CLASS_4A, members: [{ webId: ALICE }, { webId: ALICE }, { entUid: 'U' }, { entUid: 'U' }]});
    const quads = parse(store, DOC);
    assert.equal(objects(quads, `${DOC}#members`, `${VCARD}hasMember`).length, 2);
  });

  it('writes option groups and school communities with their own type', async(): Promise<void> => {
    await writer.write({ ...CLASS_4A, groupId: 'latin', kind: 'OptionGroup', name: 'Latin' });
    await writer.write({ ...CLASS_4A, groupId: 'all', kind: 'SchoolCommunity', name: 'Collège' });
    assert.ok(objects(parse(store, `${BASE}groups/0350000A/latin`), `${BASE}groups/0350000A/latin#members`, RDF_TYPE)
      .includes('https://w3id.org/cartable/ns#OptionGroup'));
    assert.ok(objects(parse(store, `${BASE}groups/0350000A/all`), `${BASE}groups/0350000A/all#members`, RDF_TYPE)
      .includes('https://w3id.org/cartable/ns#SchoolCommunity'));
  });

  it('escapes names and ENT identifiers so they cannot inject triples', async(): Promise<void> => {
    const name = '4e "A"\n> a <#x>; <http://evil.example/p> "o". #';
    const uid = 'U" ]. <#members> <http://www.w3.org/2006/vcard/ns#hasMember> <https://evil.example/me>. #';
    await writer.write({ ...CLASS_4A, name, members: [{ entUid: uid }]});
    const quads = parse(store, DOC);
    assert.deepEqual(objects(quads, `${DOC}#members`, `${VCARD}fn`), [ name ]);
    const members = readGroupMembers(quads, true).get(`${DOC}#members`)!;
    assert.deepEqual([ ...members.webIds ], []);
    assert.deepEqual([ ...members.entUids ], [ uid ]);
  });

  const invalid: [string, Partial<ClassGroup>, RegExp][] = [
    [ 'a structure id with a slash', { structureId: '../x' }, /structureId "\.\.\/x" must be 1 to 64/u ],
    [ 'a group id that would be an ACL', { groupId: '4A.acl' }, /groupId "4A\.acl" must be/u ],
    [ 'an empty group id', { groupId: '' }, /groupId "" must be/u ],
    [ 'an unknown kind', { kind: 'Club' as ClassGroup['kind'] }, /kind "Club" must be one of SchoolClass, OptionGroup, SchoolCommunity/u ],
    [ 'an empty name', { name: ' ' }, /name must be a non-empty string/u ],
    [ 'a relative WebID', { members: [{ webId: 'alice/profile/card#me' }]}, /members\[0\]: webId "alice\/profile\/card#me" must be an absolute http\(s\) URL/u ],
    [ 'a WebID with a forbidden character', { members: [{ webId: 'https://a.example/x>y' }]}, /members\[0\]: webId .* not allowed in an IRI/u ],
    [ 'a member with both identifiers', { members: [{ webId: ALICE, entUid: 'U' }]}, /exactly one of webId and entUid/u ],
    [ 'an empty ENT identifier', { members: [{ entUid: '' }]}, /entUid must be a non-empty string/u ],
  ];
  for (const [ label, change, message ] of invalid) {
    it(`refuses ${label} with a 400 saying why, writing nothing`, async(): Promise<void> => {
      await assert.rejects(writer.write({ ...CLASS_4A, ...change }), (error: unknown): boolean => {
        assert.ok(error instanceof BadRequestHttpError, String(error));
        assert.match(error.message, message);
        return true;
      });
      assert.deepEqual(store.writes, []);
    });
  }

  it('refuses identifiers that are not one path segment when naming documents', (): void => {
    assert.throws((): string => writer.documentUrl('0350000A', '4A/../../alice'), BadRequestHttpError);
  });

  it('keeps an existing groups container and its ACL', async(): Promise<void> => {
    store.resources.set(`${BASE}groups/`, '');
    store.resources.set(`${BASE}groups/.acl`, '# operator edited');
    await writer.ensureGroupsContainer();
    await writer.ensureGroupsContainer();
    assert.deepEqual(store.writes, []);
    assert.equal(store.resources.get(`${BASE}groups/.acl`), '# operator edited');
  });

  it('accepts a groups container created meanwhile by another process', async(): Promise<void> => {
    store.conflictOnContainer = true;
    await writer.ensureGroupsContainer();
    assert.deepEqual(store.writes, [ `${BASE}groups/.acl` ]);
  });

  it('deletes a group document with its ACL', async(): Promise<void> => {
    await writer.write(CLASS_4A);
    await writer.remove('0350000A', '4A');
    assert.deepEqual(store.deletes, [ DOC ]);
    assert.equal(store.resources.has(DOC), false);
    await writer.remove('0350000A', '4A');
    assert.deepEqual(store.deletes, [ DOC ], 'removing a missing group does nothing');
  });
});
