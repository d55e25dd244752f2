import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverStorage, isStorageResponse } from '../../../../../apps/home/src/data/storage.ts';

const STORAGE_LINK = '<http://www.w3.org/ns/pim/space#Storage>; rel="type"';

function fakeServer(storages: string[], seen: string[] = []): (url: string, init?: RequestInit) => Promise<Response> {
  return async(url: string, init?: RequestInit): Promise<Response> => {
    seen.push(`${init?.method ?? 'GET'} ${url}`);
    const headers = new Headers({ link: '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"' });
    if (storages.includes(url)) {
      headers.append('link', STORAGE_LINK);
    }
    return new Response(null, { status: 200, headers });
  };
}

describe('discoverStorage', (): void => {
  it('walks up from the WebID document to the first storage container, with HEAD requests', async(): Promise<void> => {
    const seen: string[] = [];
    const storage = await discoverStorage(fakeServer([ 'https://pod.example/alice/' ], seen),
      'https://pod.example/alice/profile/card#me');
    assert.equal(storage, 'https://pod.example/alice/');
    assert.deepEqual(seen, [ 'HEAD https://pod.example/alice/profile/', 'HEAD https://pod.example/alice/' ]);
  });

  it('finds a storage at the server root', async(): Promise<void> => {
    assert.equal(await discoverStorage(fakeServer([ 'https://pod.example/' ]), 'https://pod.example/profile/card#me'),
      'https://pod.example/');
  });

  it('returns null when no container is a storage, or the network fails', async(): Promise<void> => {
    assert.equal(await discoverStorage(fakeServer([]), 'https://pod.example/a/b/card#me'), null);
    assert.equal(await discoverStorage(async(): Promise<Response> => {
      throw new TypeError('offline');
    }, 'https://pod.example/a/card#me'), null);
  });

  it('recognises the storage type among several Link values and relation types', (): void => {
    const response = (link: string): Response => new Response(null, { headers: { link }});
    assert.equal(isStorageResponse(response(`<http://www.w3.org/ns/ldp#Container>; rel="type", ${STORAGE_LINK}`)), true);
    assert.equal(isStorageResponse(response('<http://www.w3.org/ns/pim/space#Storage>; rel="describedby"')), false);
    assert.equal(isStorageResponse(response('<http://www.w3.org/ns/ldp#Container>; rel="type"')), false);
  });
});
