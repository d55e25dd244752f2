// The per-person catalogue cache: the ENT is called once per person per TTL, concurrent visits share
// one call, failures are retried, and memory stays bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EntCatalogueCache } from '../../../components/dist/ent/EntCatalogueCache.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000_000;
  return { now: (): number => time, advance: (ms: number): void => {
    time += ms;
  } };
}

describe('EntCatalogueCache', (): void => {
  it('serves a value for its time to live, then loads again', async(): Promise<void> => {
    const time = clock();
    const cache = new EntCatalogueCache<string>(1000, 10, time.now);
    let loads = 0;
    const load = async(): Promise<string> => `v${++loads}`;
    assert.equal(await cache.get('a', load), 'v1');
    time.advance(999);
    assert.equal(await cache.get('a', load), 'v1');
    time.advance(1);
    assert.equal(await cache.get('a', load), 'v2');
    assert.equal(loads, 2);
  });

  it('shares one load between concurrent requests for the same key', async(): Promise<void> => {
    const cache = new EntCatalogueCache<string>(1000, 10);
    let loads = 0;
    let release: (value: string) => void = (): void => undefined;
    const load = async(): Promise<string> => {
      loads++;
      return new Promise((resolve): void => {
        release = resolve;
      });
    };
    const first = cache.get('a', load);
    const second = cache.get('a', load);
    await new Promise((resolve): void => {
      setImmediate(resolve);
    });
    release('shared');
    assert.deepEqual(await Promise.all([ first, second ]), [ 'shared', 'shared' ]);
    assert.equal(loads, 1);
  });

  it('does not keep failures: the next request tries again', async(): Promise<void> => {
    const cache = new EntCatalogueCache<string>(1000, 10);
    await assert.rejects(cache.get('a', async(): Promise<string> => {
      throw new Error('ENT down');
    }), /ENT down/u);
    assert.equal(await cache.get('a', async(): Promise<string> => 'back'), 'back');
  });

  it('keeps at most maxEntries, pushing out the least recently used', async(): Promise<void> => {
    const cache = new EntCatalogueCache<string>(60_000, 2);
    const loaded: string[] = [];
    const load = (key: string) => async(): Promise<string> => {
      loaded.push(key);
      return key;
    };
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('a', load('a'));
    await cache.get('c', load('c'));
    assert.equal(cache.size, 2);
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    assert.deepEqual(loaded, [ 'a', 'b', 'c', 'b' ], 'b was the least recently used when c came');
  });

  it('with a TTL of 0 keeps nothing but still shares loads', async(): Promise<void> => {
    const cache = new EntCatalogueCache<number>(0, 5);
    let loads = 0;
    const load = async(): Promise<number> => ++loads;
    await cache.get('a', load);
    await cache.get('a', load);
    assert.equal(loads, 2);
    assert.equal(cache.size, 0);
  });

  it('refuses a size below one', (): void => {
    assert.throws((): unknown => new EntCatalogueCache(1000, 0), RangeError);
  });
});
