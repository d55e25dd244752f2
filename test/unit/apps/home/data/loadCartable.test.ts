import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FetchError } from '../../../../../apps/home/src/data/FetchError.ts';
import { loadCartable } from '../../../../../apps/home/src/data/loadCartable.ts';
import { ABOUT, camillePod, fakeFetch, POD, PREFERENCES, PROFILE, WEB_ID } from './fakePod.ts';

describe('loadCartable', (): void => {
  it('reads storage, name, school, class, role and areas of a Cartable pod.', async(): Promise<void> => {
    const cartable = await loadCartable(fakeFetch(camillePod()), WEB_ID);
    assert.equal(cartable.webId, WEB_ID);
    assert.equal(cartable.storage, POD);
    assert.equal(cartable.name, 'Camille Martin');
    assert.equal(cartable.school, 'Collège Jules Verne');
    assert.equal(cartable.className, '4e A');
    assert.equal(cartable.role, 'pupil');
    assert.equal(cartable.inbox, `${POD}inbox/`);
    assert.equal(cartable.publicTypeIndex, `${POD}settings/publicTypeIndex`);
    assert.equal(cartable.privateTypeIndex, `${POD}settings/privateTypeIndex`);
    assert.equal(cartable.areas[0]?.key, 'drive');
    assert.equal(cartable.areas[0]?.url, `${POD}drive/`);
    assert.equal(cartable.areas[0]?.label.fr, 'Mes fichiers');
    assert.ok(cartable.areas.every((area): boolean => area.url.startsWith(POD)));
  });

  it('asks for Turtle, reading the profile, the preferences and the about document once each.', async(): Promise<void> => {
    const fetchFn = fakeFetch(camillePod());
    await loadCartable(fetchFn, WEB_ID);
    assert.deepEqual(fetchFn.requested.map((request): string => request.url),
      [ `${POD}profile/card`, `${POD}settings/prefs`, `${POD}profile/about` ]);
    assert.ok(fetchFn.requested.every((request): boolean => request.accept === 'text/turtle'));
  });

  it('leaves name, school, class and role null when the pod has no preferences file.', async(): Promise<void> => {
    const cartable = await loadCartable(fakeFetch({ [`${POD}profile/card`]: { body: PROFILE }}), WEB_ID);
    assert.equal(cartable.storage, POD);
    assert.equal(cartable.name, null);
    assert.equal(cartable.school, null);
    assert.equal(cartable.className, null);
    assert.equal(cartable.role, null);
    assert.equal(cartable.privateTypeIndex, null);
  });

  it('leaves about values null when the about document is missing.', async(): Promise<void> => {
    const cartable = await loadCartable(fakeFetch({
      [`${POD}profile/card`]: { body: PROFILE },
      [`${POD}settings/prefs`]: { body: PREFERENCES },
    }), WEB_ID);
    assert.equal(cartable.privateTypeIndex, `${POD}settings/privateTypeIndex`);
    assert.equal(cartable.name, null);
  });

  it('works with a profile from another Solid server: solid:storage only, name in the profile, no slash.',
    async(): Promise<void> => {
      const webId = 'https://alice.solid.example/profile/card#me';
      const cartable = await loadCartable(fakeFetch({
        'https://alice.solid.example/profile/card': { body: `
          <#me> <http://www.w3.org/ns/solid/terms#storage> <https://alice.solid.example>;
            <http://www.w3.org/2006/vcard/ns#fn> "Alice".` },
      }), webId);
      assert.equal(cartable.storage, 'https://alice.solid.example/');
      assert.equal(cartable.name, 'Alice');
      assert.equal(cartable.areas[0]?.url, 'https://alice.solid.example/drive/');
    });

  it('throws a FetchError with status and URL when the profile cannot be read.', async(): Promise<void> => {
    const pod = camillePod();
    pod[`${POD}profile/card`] = { status: 403, body: 'Forbidden' };
    await assert.rejects(loadCartable(fakeFetch(pod), WEB_ID), (error: unknown): boolean => {
      assert.ok(error instanceof FetchError);
      assert.equal(error.statusCode, 403);
      assert.equal(error.url, `${POD}profile/card`);
      assert.equal(error.failure, 'status');
      return true;
    });
  });

  it('throws a FetchError without status when the server does not answer.', async(): Promise<void> => {
    const fetchFn = fakeFetch({ [`${POD}profile/card`]: new TypeError('Failed to fetch') });
    await assert.rejects(loadCartable(fetchFn, WEB_ID), { name: 'FetchError', statusCode: null, failure: 'network' });
  });

  it('throws a FetchError when the profile is not Turtle.', async(): Promise<void> => {
    const fetchFn = fakeFetch({ [`${POD}profile/card`]: { body: '<html><body>Login</body></html>', contentType: 'text/html' }});
    await assert.rejects(loadCartable(fetchFn, WEB_ID),
      { name: 'FetchError', statusCode: 200, failure: 'syntax', url: `${POD}profile/card` });
  });

  it('throws a FetchError when the profile names no storage.', async(): Promise<void> => {
    const fetchFn = fakeFetch({ [`${POD}profile/card`]: { body: '<#me> a <http://xmlns.com/foaf/0.1/Person>.' }});
    await assert.rejects(loadCartable(fetchFn, WEB_ID), { name: 'FetchError', failure: 'content' });
  });

  it('throws when the owner-only about document is refused, rather than showing a half-empty page.',
    async(): Promise<void> => {
      const pod = camillePod();
      pod[`${POD}profile/about`] = { status: 401, body: ABOUT };
      await assert.rejects(loadCartable(fakeFetch(pod), WEB_ID),
        { name: 'FetchError', statusCode: 401, url: `${POD}profile/about` });
    });
});
