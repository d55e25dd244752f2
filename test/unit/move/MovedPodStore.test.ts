// The moved pods: kept in a key-value storage, looked up from memory, reloaded when stale.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyValueStorage } from '@solid/community-server';
import { MovedPodStore } from '../../../components/dist/move/MovedPodStore.js';

const POD = 'http://localhost:3000/alice/';

function memoryStorage(): Map<string, unknown> & KeyValueStorage<string, unknown> {
  const map = new Map<string, unknown>() as Map<string, unknown> & KeyValueStorage<string, unknown>;
  Object.assign(map, {
    entries: async function* entries(): AsyncIterableIterator<[string, unknown]> {
      yield* Map.prototype.entries.call(map);
    },
  });
  return map;
}

describe('MovedPodStore', (): void => {
  it('records a move under the base64url of the old base URL and finds it from memory', async(): Promise<void> => {
    const storage = memoryStorage();
    const store = new MovedPodStore(storage, 60);
    await store.handle();
    assert.equal(store.size, 0);
    await store.set({ pod: POD, newPod: 'http://new.example/alice/', movedAt: 1, graceDays: 30 });
    assert.deepEqual([ ...storage.keys() ], [ Buffer.from(POD).toString('base64url') ]);
    assert.equal(store.find(POD)?.newPod, 'http://new.example/alice/');
    assert.equal(store.find('http://localhost:3000/bob/'), undefined);
    assert.equal((await store.get(POD))?.graceDays, 30);
    assert.equal(await store.isRetired({ path: POD }), true);
    assert.equal(await store.isRetired({ path: 'http://localhost:3000/bob/' }), false);
  });

  it('loads the moves at start and picks up other workers\' moves on a stale lookup', async(): Promise<void> => {
    const storage = memoryStorage();
    storage.set('x', { pod: POD, newPod: 'http://new.example/alice/', movedAt: 1, graceDays: 30 });
    storage.set('junk', { hello: 'world' });
    const store = new MovedPodStore(storage, 0);
    await store.handle();
    assert.equal(store.size, 1);
    storage.set('y', { pod: 'http://localhost:3000/bob/', newPod: 'http://new.example/bob/', movedAt: 1, graceDays: 0 });
    assert.equal(store.find('http://localhost:3000/bob/'), undefined);
    await store.refresh();
    assert.equal(store.find('http://localhost:3000/bob/')?.newPod, 'http://new.example/bob/');
  });

  it('keeps its copy when the storage cannot be read', async(): Promise<void> => {
    const storage = memoryStorage();
    storage.set('x', { pod: POD, newPod: 'http://new.example/alice/', movedAt: 1, graceDays: 30 });
    const store = new MovedPodStore(storage, 60);
    await store.handle();
    Object.assign(storage, { entries: async function* broken(): AsyncIterableIterator<[string, unknown]> {
      yield* [];
      throw new Error('disk on fire');
    } });
    await store.refresh();
    assert.equal(store.find(POD)?.newPod, 'http://new.example/alice/');
  });
});
