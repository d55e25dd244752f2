// The group cache: entries expire after their time to live and the least recently used go first when full.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ExpiringLruCache } from '../../../components/dist/groups/ExpiringLruCache.js';

describe('ExpiringLruCache', (): void => {
  beforeEach((): void => {
    mock.timers.enable({ apis: [ 'Date' ], now: 1_000_000 });
  });
  afterEach((): void => {
    mock.timers.reset();
  });

  it('returns a value until its time to live has passed', (): void => {
    const cache = new ExpiringLruCache<string>(10);
    cache.set('a', 'A', 30_000);
    mock.timers.tick(29_999);
    assert.equal(cache.get('a'), 'A');
    mock.timers.tick(1);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0, 'an expired entry is dropped when looked up');
  });

  it('never holds more than maxEntries, dropping the least recently used', (): void => {
    const cache = new ExpiringLruCache<number>(3);
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    cache.set('c', 3, 60_000);
    assert.equal(cache.get('a'), 1, 'a is now the most recently used');
    cache.set('d', 4, 60_000);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b'), undefined, 'b was the least recently used');
    assert.deepEqual([ cache.get('a'), cache.get('c'), cache.get('d') ], [ 1, 3, 4 ]);
    for (let i = 0; i < 1000; i++) {
      cache.set(`k${i}`, i, 60_000);
    }
    assert.equal(cache.size, 3);
  });

  it('never holds more than maxWeight, dropping the least recently used', (): void => {
    const cache = new ExpiringLruCache<string>(100, 1000);
    cache.set('a', 'A', 60_000, 400);
    cache.set('b', 'B', 60_000, 400);
    assert.equal(cache.weight, 800);
    cache.set('c', 'C', 60_000, 300);
    assert.equal(cache.get('a'), undefined, 'a went to make room');
    assert.deepEqual([ cache.get('b'), cache.get('c') ], [ 'B', 'C' ]);
    assert.equal(cache.weight, 700);
    cache.set('b', 'B2', 60_000, 10);
    assert.equal(cache.weight, 310, 'a replaced entry counts with its new weight');
    cache.delete('c');
    assert.equal(cache.weight, 10);
  });

  it('does not cache an entry heavier than maxWeight, and keeps the others', (): void => {
    const cache = new ExpiringLruCache<string>(100, 1000);
    cache.set('a', 'A', 60_000, 10);
    cache.set('huge', 'H', 60_000, 1001);
    assert.equal(cache.get('huge'), undefined);
    assert.equal(cache.get('a'), 'A');
    assert.equal(cache.weight, 10);
  });

  it('gives back the weight of expired entries', (): void => {
    const cache = new ExpiringLruCache<string>(100, 1000);
    cache.set('a', 'A', 1_000, 600);
    mock.timers.tick(1_000);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.weight, 0);
  });

  it('replaces and forgets entries', (): void => {
    const cache = new ExpiringLruCache<string>(2);
    cache.set('a', 'old', 60_000);
    cache.set('a', 'new', 60_000);
    assert.equal(cache.get('a'), 'new');
    assert.equal(cache.size, 1);
    cache.delete('a');
    assert.equal(cache.get('a'), undefined);
  });

  it('refuses a cache without room', (): void => {
    assert.throws((): unknown => new ExpiringLruCache(0), /at least one entry; got maxEntries 0/u);
  });
});
