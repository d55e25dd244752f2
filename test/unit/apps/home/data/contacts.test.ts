import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTurtle } from '../../../../../apps/home/src/data/graph.ts';
import { CONTACTS_PATH, loadContacts, readContacts } from '../../../../../apps/home/src/data/contacts.ts';
import type { Contacts } from '../../../../../apps/home/src/data/contacts.ts';
import { FetchError } from '../../../../../apps/home/src/data/FetchError.ts';
import { fakeFetch, POD } from './fakePod.ts';

const BOOK = `${POD}${CONTACTS_PATH}`;

/** Camille's address book as EntDirectorySync.writeAddressBook writes it (same prefixes, IRIs and layout). */
const ADDRESS_BOOK = `@prefix cartable: <https://w3id.org/cartable/ns#>.
@prefix dct: <http://purl.org/dc/terms/>.
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#>.
@prefix vcard: <http://www.w3.org/2006/vcard/ns#>.

# Written by Cartable from the school ENT's directory at each sign-in. Your own contacts go in other
# documents of contacts/; they are never changed by this.
<> a vcard:AddressBook;
    dct:title "Annuaire de l’établissement";
    dct:source <https://ent.example/>;
    dct:modified "2026-11-28T12:00:00.000Z".

<#p-UID8849CAE5>
    a vcard:Individual;
    vcard:fn "Lina Le Goff";
    cartable:entPersonUid "UID8849CAE5";
    vcard:role "Élève";
    vcard:url <https://cartable.example/c0a1b2c3d4e5/profile/card#me>.

<#p-UID11111111>
    a vcard:Individual;
    vcard:fn "Noé Tanguy";
    cartable:entPersonUid "UID11111111";
    vcard:role "Élève".

<#p-UID22222222>
    a vcard:Individual;
    vcard:fn "Élodie Abgrall";
    cartable:entPersonUid "UID22222222";
    vcard:role "Élève".

<#p-UID33333333>
    a vcard:Individual;
    vcard:fn "Claire Morvan";
    cartable:entPersonUid "UID33333333";
    vcard:role "Enseignant".

<#p-UID44444444>
    a vcard:Individual;
    vcard:fn "UID44444444";
    cartable:entPersonUid "UID44444444".

<#p-UID55555555>
    a vcard:Individual;
    vcard:fn "Yann Quéré";
    cartable:entPersonUid "UID55555555";
    vcard:role "CPE".

<#g-0359999D-ENS>
    a vcard:Group;
    vcard:fn "Personnels – COLLEGE DEMO ANJELA DUVAL";
    vcard:hasMember <#p-UID33333333>;
    rdfs:seeAlso <https://cartable.example/groups/0359999D/ENS#members>.

<#g-0359999D-4LAT>
    a vcard:Group;
    vcard:fn "Latin 4e – COLLEGE DEMO ANJELA DUVAL";
    vcard:hasMember <#p-UID8849CAE5>, <#p-UID33333333>;
    rdfs:seeAlso <https://cartable.example/groups/0359999D/4LAT#members>.

<#g-0359999D-4A>
    a vcard:Group;
    vcard:fn "4A – COLLEGE DEMO ANJELA DUVAL";
    vcard:hasMember <#p-UID8849CAE5>, <#p-UID11111111>, <#p-UID22222222>, <#p-UID44444444>, <#p-UIDMISSING>;
    rdfs:seeAlso <https://cartable.example/groups/0359999D/4A#members>.

<#g-0359999D-3ESP>
    a vcard:Group;
    vcard:fn "3ESP – COLLEGE DEMO ANJELA DUVAL".
`;

describe('loadContacts', (): void => {
  it('reads the ENT address book of the pod: classes first, then the other groups, members in French order.',
    async(): Promise<void> => {
      const fetchFn = fakeFetch({ [BOOK]: { body: ADDRESS_BOOK }});
      const contacts = await loadContacts(fetchFn, POD.slice(0, -1));
      assert.deepEqual(fetchFn.requested, [{ url: BOOK, accept: 'text/turtle' }]);
      assert.equal(contacts.available, true);
      assert.equal(contacts.url, BOOK);
      assert.deepEqual(contacts.groups.map((group): [string, string] => [ group.kind, group.name ]), [
        [ 'class', '4A – COLLEGE DEMO ANJELA DUVAL' ],
        [ 'group', '3ESP – COLLEGE DEMO ANJELA DUVAL' ],
        [ 'group', 'Latin 4e – COLLEGE DEMO ANJELA DUVAL' ],
        [ 'group', 'Personnels – COLLEGE DEMO ANJELA DUVAL' ],
      ]);
      const [ klass, espagnol, latin ] = contacts.groups;
      // Élodie sorts with the E (accents aside); a member without a name is left out.
      assert.deepEqual(klass?.members, [
        { name: 'Élodie Abgrall', role: 'Élève', webId: null },
        { name: 'Lina Le Goff', role: 'Élève', webId: 'https://cartable.example/c0a1b2c3d4e5/profile/card#me' },
        { name: 'Noé Tanguy', role: 'Élève', webId: null },
        { name: 'UID44444444', role: null, webId: null },
      ]);
      assert.deepEqual(espagnol?.members, []);
      assert.deepEqual(latin?.members.map((member): string => member.name), [ 'Claire Morvan', 'Lina Le Goff' ]);
      assert.deepEqual(contacts.ungrouped, [{ name: 'Yann Quéré', role: 'CPE', webId: null }]);
    });

  it('says the address book is not available when the pod has none (404, 410), without an error.',
    async(): Promise<void> => {
      const expected: Contacts = { available: false, url: BOOK, groups: [], ungrouped: []};
      assert.deepEqual(await loadContacts(fakeFetch({}), POD), expected);
      assert.deepEqual(await loadContacts(fakeFetch({ [BOOK]: { status: 410 }}), POD), expected);
    });

  it('is available and empty when the address book lists nobody.', async(): Promise<void> => {
    const contacts = await loadContacts(fakeFetch({ [BOOK]: { body: '<> a <http://www.w3.org/2006/vcard/ns#AddressBook>.' }}), POD);
    assert.deepEqual(contacts, { available: true, url: BOOK, groups: [], ungrouped: []});
  });

  it('throws a FetchError for a malformed document, a refusal, a server error or no response.', async(): Promise<void> => {
    const cases = [
      { resource: { body: '<#p-1> a vcard:Individual; vcard:fn "Lina".' }, failure: 'syntax', statusCode: 200 },
      { resource: { status: 403 }, failure: 'status', statusCode: 403 },
      { resource: { status: 500 }, failure: 'status', statusCode: 500 },
      { resource: new TypeError('Failed to fetch'), failure: 'network', statusCode: null },
    ] as const;
    for (const { resource, failure, statusCode } of cases) {
      await assert.rejects(loadContacts(fakeFetch({ [BOOK]: resource }), POD), (error: unknown): boolean => {
        assert.ok(error instanceof FetchError);
        assert.equal(error.url, BOOK);
        assert.equal(error.failure, failure);
        assert.equal(error.statusCode, statusCode);
        return true;
      });
    }
  });
});

describe('readContacts', (): void => {
  it('takes a class from its type, else from the identifier of its group document or of its own IRI.', (): void => {
    const quads = parseTurtle(`
      @prefix vcard: <http://www.w3.org/2006/vcard/ns#>.
      @prefix cartable: <https://w3id.org/cartable/ns#>.
      <#typed> a vcard:Group, cartable:SchoolClass; vcard:fn "Sixième bleue".
      <#g-0351234A-2ND3> a vcard:Group; vcard:fn "Seconde 3".
      <#other> a vcard:Group; vcard:fn "Chorale"; vcard:hasMember <#nameless>.
      <#unnamed> a vcard:Group; vcard:hasMember <#p>.
      <#p> a vcard:Individual; vcard:fn "  Anna  "; vcard:url <mailto:anna@example.org>.
    `, BOOK);
    assert.deepEqual(readContacts(quads), {
      groups: [
        { name: 'Seconde 3', kind: 'class', members: []},
        { name: 'Sixième bleue', kind: 'class', members: []},
        { name: 'Chorale', kind: 'group', members: []},
      ],
      // The unnamed group is not shown; its member counts as in no group. A mailto: URL is not a WebID.
      ungrouped: [{ name: 'Anna', role: null, webId: null }],
    });
  });
});

