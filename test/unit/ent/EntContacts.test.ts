import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayGroupName, isClassGroup, readEntDirectory } from '../../../components/dist/ent/EntContacts.js';

describe('readEntDirectory', (): void => {
  it('reads structures, groups and contacts as the ENT sends them', (): void => {
    const view = readEntDirectory({
      structures: [{ structure: '0351234X', name: 'COLLEGE JULES VERNE', groups: [
        { gid: '4A', name: '2024-2025 4A', group_contacts: [{ uuid: 'u1' }, { uuid: 'u2' }, { uuid: 'u1' }]},
      ]}],
      contacts: [{ uuid: 'u1', firstname: 'Lina', lastname: 'Le Goff', title: 'ele' }, { uuid: 'u2', firstname: 'Noé', lastname: 'Tanguy' }],
    });
    assert.deepEqual(view.structures, [{ id: '0351234X', name: 'COLLEGE JULES VERNE', groups: [{ gid: '4A', name: '2024-2025 4A', members: [ 'u1', 'u2' ]}]}]);
    assert.equal(view.contacts.length, 2);
    assert.deepEqual(view.skipped, []);
  });

  it('skips entries with missing fields, with a reason, and keeps the rest', (): void => {
    const view = readEntDirectory({
      structures: [
        { name: 'no id', groups: []},
        { structure: 'S1', groups: [{ name: 'no gid' }, { gid: 'G1' }, { gid: 'G2', name: 'ok', group_contacts: [{}, { uuid: 7 }, { uuid: 'u9' }]}]},
        null,
      ],
      contacts: [{ firstname: 'no uuid' }, null, { uuid: 'u9', firstname: 'Yann' }, { uuid: 'u9', firstname: 'duplicate' }],
    });
    assert.equal(view.structures.length, 1);
    assert.deepEqual(view.structures[0].groups, [{ gid: 'G2', name: 'ok', members: [ 'u9' ]}]);
    assert.equal(view.structures[0].name, 'S1', 'a missing school name falls back to its id');
    assert.deepEqual(view.contacts.map((contact): string | undefined => contact.firstname), [ 'Yann' ], 'first occurrence wins');
    assert.equal(view.skipped.length, 6, view.skipped.join('; '));
  });

  it('reads "no data" (204, null, not an object) as an empty directory', (): void => {
    for (const body of [ null, undefined, 'nope', 42 ]) {
      assert.deepEqual(readEntDirectory(body), { structures: [], contacts: [], skipped: []});
    }
  });

  it('tells classes from option groups, and drops the school-year prefix', (): void => {
    for (const gid of [ '4A', '3B', '6C', '2ND3', '1G2', 'TLE1' ]) {
      assert.equal(isClassGroup(gid), true, gid);
    }
    for (const gid of [ '4LAT', '3ESP', 'ENS', 'school' ]) {
      assert.equal(isClassGroup(gid), false, gid);
    }
    assert.equal(displayGroupName('2024-2025 4A'), '4A');
    assert.equal(displayGroupName('Enseignants'), 'Enseignants');
  });
});
