// The Turtle of server-owned group documents and their ACLs, and the checks on what the directory gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import type { ClassGroup } from '../../../components/dist/groups/ClassGroupDocuments.js';
import {
  classGroupAclTurtle, classGroupProblem, classGroupTurtle, groupsContainerAclTurtle,
} from '../../../components/dist/groups/ClassGroupDocuments.js';

const GROUP: ClassGroup = {
  structureId: '0350000A', groupId: '4A', kind: 'SchoolClass', name: '4e A',
  members: [{ webId: 'https://a.example/profile/card#me' }, { entUid: 'UID-1' }],
};

describe('classGroupProblem', (): void => {
  it('accepts a valid group, with or without members', (): void => {
    assert.equal(classGroupProblem(GROUP), null);
    assert.equal(classGroupProblem({ ...GROUP, members: []}), null);
    assert.equal(classGroupProblem({ ...GROUP, groupId: 'Option_Latin-2' }), null);
  });

  it('says which member is wrong', (): void => {
    assert.equal(classGroupProblem({ ...GROUP, members: [ ...GROUP.members, { webId: 'ftp://x.example/me' }]}),
      'members[2]: webId "ftp://x.example/me" must be an absolute http(s) URL.');
    assert.equal(classGroupProblem({ ...GROUP, members: [ null as unknown as { entUid: string } ]}),
      'members[0]: expected { webId } or { entUid }.');
  });

  it('refuses identifiers longer than 64 characters', (): void => {
    assert.match(classGroupProblem({ ...GROUP, groupId: 'a'.repeat(65) }) ?? '', /groupId .* must be 1 to 64/u);
  });
});

describe('classGroupTurtle', (): void => {
  it('names the group with a relative IRI, so the document does not depend on the host', (): void => {
    const turtle = classGroupTurtle(GROUP);
    assert.match(turtle, /^<#members> a vcard:Group, cartable:SchoolClass;$/mu);
    assert.ok(!turtle.includes('0350000A'), 'the structure is in the URL only');
    const quads = new Parser({ baseIRI: 'https://elsewhere.example/g' }).parse(turtle);
    assert.ok(quads.every((quad): boolean => quad.subject.termType !== 'NamedNode' ||
      quad.subject.value === 'https://elsewhere.example/g#members'));
  });
});

describe('classGroupAclTurtle', (): void => {
  it('grants Read on the document to its own group, with relative IRIs', (): void => {
    const turtle = classGroupAclTurtle('4A');
    assert.match(turtle, /acl:agentGroup <4A#members>;/u);
    assert.match(turtle, /acl:accessTo <4A>;/u);
    assert.match(turtle, /acl:mode acl:Read\./u);
    assert.doesNotMatch(turtle, /acl:default|acl:Write|acl:Control|acl:Append|agentClass/u);
  });
});

describe('groupsContainerAclTurtle', (): void => {
  it('holds no authorization', (): void => {
    assert.deepEqual(new Parser().parse(groupsContainerAclTurtle()), []);
  });
});
