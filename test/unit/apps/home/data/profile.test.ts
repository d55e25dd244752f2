import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTurtle } from '../../../../../apps/home/src/data/graph.ts';
import { readPreferences } from '../../../../../apps/home/src/data/preferences.ts';
import { readProfile } from '../../../../../apps/home/src/data/profile.ts';
import { POD, PREFERENCES, PROFILE, WEB_ID } from './fakePod.ts';

describe('readProfile', (): void => {
  it('reads the Solid terms of a Cartable WebID profile, resolving relative IRIs.', (): void => {
    assert.deepEqual(readProfile(parseTurtle(PROFILE, `${POD}profile/card`), WEB_ID), {
      webId: WEB_ID,
      storage: POD,
      inbox: `${POD}inbox/`,
      preferencesFile: `${POD}settings/prefs`,
      publicTypeIndex: `${POD}settings/publicTypeIndex`,
      oidcIssuers: [ 'https://cartable.example/' ],
      name: null,
      seeAlso: [],
    });
  });

  it('prefers pim:storage over solid:storage.', (): void => {
    const profile = readProfile(parseTurtle(`<#me>
      <http://www.w3.org/ns/solid/terms#storage> <https://b.example/>;
      <http://www.w3.org/ns/pim/space#storage> <https://a.example/>.`, `${POD}profile/card`), WEB_ID);
    assert.equal(profile.storage, 'https://a.example/');
  });

  it('returns nulls for an empty profile.', (): void => {
    const profile = readProfile([], WEB_ID);
    assert.equal(profile.storage, null);
    assert.equal(profile.preferencesFile, null);
    assert.deepEqual(profile.oidcIssuers, []);
  });
});

describe('readPreferences', (): void => {
  it('reads the private type index and the extended profile links.', (): void => {
    assert.deepEqual(readPreferences(parseTurtle(PREFERENCES, `${POD}settings/prefs`), WEB_ID), {
      privateTypeIndex: `${POD}settings/privateTypeIndex`,
      seeAlso: [ `${POD}profile/about` ],
    });
  });
});
