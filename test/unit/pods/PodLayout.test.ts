// The pod layout as data: the areas people see and the fixed documents, consistent with each other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { POD_AREAS, POD_DOCUMENTS, WEBID_FRAGMENT } from '../../../components/dist/pods/PodLayout.js';

describe('PodLayout', (): void => {
  it('lists each area once, as a top-level container with a unique key', (): void => {
    assert.equal(new Set(POD_AREAS.map((area): string => area.path)).size, POD_AREAS.length);
    assert.equal(new Set(POD_AREAS.map((area): string => area.key)).size, POD_AREAS.length);
    for (const area of POD_AREAS) {
      assert.match(area.path, /^[a-z]+\/$/u, area.path);
      assert.equal(area.path, `${area.key}/`);
    }
  });

  it('has the areas of a school bag, with French and English labels', (): void => {
    const keys = POD_AREAS.map((area): string => area.key);
    for (const key of [ 'drive', 'notes', 'photos', 'school', 'badges', 'portfolio', 'pass', 'contacts', 'inbox', 'consents',
      'settings' ]) {
      assert.ok(keys.includes(key), key);
    }
    for (const area of POD_AREAS) {
      assert.ok(area.label.fr.length > 0 && area.label.en.length > 0, area.key);
      assert.ok(area.description.fr.length > 0 && area.description.en.length > 0, area.key);
    }
  });

  it('opens only the inbox to others, and the portfolio for its published pages', (): void => {
    const access = Object.fromEntries(POD_AREAS.map((area): [string, string] => [ area.key, area.access ]));
    assert.equal(access.inbox, 'inbox');
    assert.equal(access.portfolio, 'portfolio');
    assert.deepEqual(Object.entries(access).filter(([ , rule ]): boolean => rule !== 'owner').map(([ key ]): string => key)
      .sort(), [ 'inbox', 'portfolio' ]);
  });

  it('places the fixed documents inside the areas and the profile', (): void => {
    const areaPaths = POD_AREAS.map((area): string => area.path);
    for (const [ name, path ] of Object.entries(POD_DOCUMENTS)) {
      const top = `${path.split('/')[0]}/`;
      assert.ok(top === 'profile/' || areaPaths.includes(top), `${name}: ${path}`);
    }
    assert.equal(POD_DOCUMENTS.profile, 'profile/card');
    assert.equal(WEBID_FRAGMENT, 'me');
  });

  it('hides only the settings area from the home app', (): void => {
    assert.deepEqual(POD_AREAS.filter((area): boolean => !area.visible).map((area): string => area.key), [ 'settings' ]);
  });
});
