// Reading the members of the groups in a group document: by WebID, and by ENT identifier where trusted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import type { Quad } from 'n3';
import { readGroupMembers } from '../../../components/dist/groups/GroupMembers.js';

const DOC = 'https://school.example/groups/0350000A/4A';
const PREFIXES = '@prefix vcard: <http://www.w3.org/2006/vcard/ns#>. @prefix cartable: <https://w3id.org/cartable/ns#>.\n';

function parse(turtle: string): Quad[] {
  return new Parser({ baseIRI: DOC }).parse(`${PREFIXES}${turtle}`);
}

describe('readGroupMembers', (): void => {
  it('lists members by WebID for each group of the document', (): void => {
    const groups = readGroupMembers(parse(`
      <#members> a vcard:Group; vcard:hasMember <https://a.example/profile/card#me>, <https://b.example/card#me>.
      <#teachers> vcard:hasMember <https://t.example/card#me>.`), true);
    assert.deepEqual([ ...groups.keys() ].sort(), [ `${DOC}#members`, `${DOC}#teachers` ]);
    assert.deepEqual([ ...groups.get(`${DOC}#members`)!.webIds ].sort(),
      [ 'https://a.example/profile/card#me', 'https://b.example/card#me' ]);
    assert.deepEqual([ ...groups.get(`${DOC}#teachers`)!.webIds ], [ 'https://t.example/card#me' ]);
    assert.equal(groups.get(`${DOC}#members`)!.entUids.size, 0);
  });

  it('lists members recorded by ENT identifier, blank or named member nodes', (): void => {
    const groups = readGroupMembers(parse(`
      <#members> vcard:hasMember [ cartable:entPersonUid "UID-1" ], <#p2>, <https://c.example/card#me>.
      <#p2> cartable:entPersonUid "UID-2".
      <https://c.example/card#me> cartable:entPersonUid "UID-3".
      <#elsewhere> cartable:entPersonUid "UID-NOT-A-MEMBER".`), true);
    const members = groups.get(`${DOC}#members`)!;
    assert.deepEqual([ ...members.entUids ].sort(), [ 'UID-1', 'UID-2', 'UID-3' ]);
    assert.deepEqual([ ...members.webIds ].sort(), [ 'https://c.example/card#me', `${DOC}#p2` ]);
  });

  it('ignores ENT identifiers when they are not trusted (documents of other servers)', (): void => {
    const groups = readGroupMembers(parse('<#members> vcard:hasMember [ cartable:entPersonUid "UID-1" ].'), false);
    assert.equal(groups.get(`${DOC}#members`)!.entUids.size, 0);
  });

  it('ignores literal members and memberships of blank-node groups', (): void => {
    const groups = readGroupMembers(parse(`
      <#members> vcard:hasMember "https://a.example/card#me".
      [] vcard:hasMember <https://b.example/card#me>.`), true);
    assert.deepEqual([ ...groups.get(`${DOC}#members`)!.webIds ], []);
    assert.equal(groups.size, 1);
  });

  it('finds nothing in a document without groups', (): void => {
    assert.equal(readGroupMembers(parse('<#x> a vcard:Individual.'), true).size, 0);
  });
});
