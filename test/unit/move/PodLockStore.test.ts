// Locks of pods being moved: persisted, looked up from memory, ending by themselves; and the 423 they cause.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { HttpHandlerInput, HttpRequest, HttpResponse, KeyValueStorage } from '@solid/community-server';
import { NotImplementedHttpError } from '@solid/community-server';
import { MovedPodHttpHandler } from '../../../components/dist/move/MovedPodHttpHandler.js';
import { MovedPodStore } from '../../../components/dist/move/MovedPodStore.js';
import { PodLockStore } from '../../../components/dist/move/PodLockStore.js';

const BASE = 'http://localhost:3000/';
const POD = `${BASE}alice/`;
const MINUTE = 60_000;
const DAY = 86_400_000;

function memoryStorage(): Map<string, unknown> & KeyValueStorage<string, unknown> {
  const map = new Map<string, unknown>() as Map<string, unknown> & KeyValueStorage<string, unknown>;
  Object.assign(map, {
    entries: async function* entries(): AsyncIterableIterator<[string, unknown]> {
      yield* Map.prototype.entries.call(map);
    },
  });
  return map;
}

/** A lock store (and handler) on a clock the test moves. */
class ClockedLocks extends PodLockStore {
  public time = 1_000 * DAY;
  protected override now(): number {
    return this.time;
  }
}

class ClockedHandler extends MovedPodHttpHandler {
  private readonly clock: ClockedLocks;

  public constructor(store: MovedPodStore, locks: ClockedLocks) {
    super(store, BASE, BASE, 'profile/card', 300, locks);
    this.clock = locks;
  }

  protected override now(): number {
    return this.clock.time;
  }
}

interface Answer { status: number; headers: Record<string, string>; body: string }

async function call(handler: MovedPodHttpHandler, method: string, url: string, headers: Record<string, string> = {}):
Promise<Answer | 'passed'> {
  const answer: Answer = { status: 0, headers: {}, body: '' };
  const response = {
    getHeader: (name: string): string | undefined =>
      name === 'access-control-expose-headers' && headers.origin ? 'Location' : undefined,
    writeHead(status: number, written: Record<string, string>): void {
      answer.status = status;
      answer.headers = written;
    },
    end(body?: string | Buffer): void {
      answer.body = body === undefined ? '' : body.toString();
    },
  } as unknown as HttpResponse;
  const input: HttpHandlerInput = { request: { method, url, headers } as unknown as HttpRequest, response };
  try {
    await handler.canHandle(input);
  } catch (error: unknown) {
    assert.ok(NotImplementedHttpError.isInstance(error));
    return 'passed';
  }
  await handler.handle(input);
  return answer;
}

describe('PodLockStore', (): void => {
  let storage: ReturnType<typeof memoryStorage>;
  let locks: ClockedLocks;

  beforeEach(async(): Promise<void> => {
    storage = memoryStorage();
    locks = new ClockedLocks(storage, 3600);
    await locks.handle();
  });

  it('keeps a lock under the base64url of the pod and finds it from memory until it ends', async(): Promise<void> => {
    assert.equal(locks.hasAny(), false);
    await locks.set({ pod: POD, since: locks.time, until: locks.time + (5 * MINUTE), webId: `${POD}profile/card#me` });
    assert.deepEqual([ ...storage.keys() ], [ Buffer.from(POD).toString('base64url') ]);
    assert.equal(locks.hasAny(), true);
    assert.equal(locks.find(POD)?.until, locks.time + (5 * MINUTE));
    assert.equal(locks.find(`${BASE}bob/`), undefined);
    assert.equal((await locks.get(POD))?.webId, `${POD}profile/card#me`);
    locks.time += 5 * MINUTE;
    assert.equal(locks.find(POD), undefined, 'ended by itself');
    assert.equal(await locks.get(POD), undefined);
  });

  it('releases a lock', async(): Promise<void> => {
    await locks.set({ pod: POD, since: locks.time, until: locks.time + MINUTE });
    await locks.delete(POD);
    assert.equal(locks.find(POD), undefined);
    assert.equal(storage.size, 0);
    assert.equal(locks.hasAny(), false);
  });

  it('loads the locks of other workers, skips ended ones and removes them a day later', async(): Promise<void> => {
    const other = new ClockedLocks(storage, 3600);
    other.time = locks.time;
    await other.set({ pod: POD, since: other.time, until: other.time + MINUTE });
    await other.set({ pod: `${BASE}bob/`, since: other.time - DAY, until: other.time - 1 });
    storage.set('garbage', { pod: 3 });
    assert.equal(locks.find(POD), undefined);
    await locks.refresh();
    assert.equal(locks.find(POD)?.until, locks.time + MINUTE);
    assert.equal(locks.find(`${BASE}bob/`), undefined);
    assert.equal(storage.size, 2, 'the garbage entry is removed, the recently ended lock is kept');
    locks.time += DAY + MINUTE;
    await locks.refresh();
    assert.equal(storage.size, 1, 'the lock that ended more than a day ago is removed');
    assert.equal(locks.hasAny(), false, 'the ended lock is not loaded');
    assert.equal(locks.find(POD), undefined);
  });

  it('keeps locks taken or released while reloading', async(): Promise<void> => {
    await locks.set({ pod: `${BASE}bob/`, since: locks.time, until: locks.time + MINUTE });
    const reload = locks.refresh();
    await locks.set({ pod: POD, since: locks.time, until: locks.time + MINUTE });
    await locks.delete(`${BASE}bob/`);
    await reload;
    assert.ok(locks.find(POD));
    assert.equal(locks.find(`${BASE}bob/`), undefined);
  });
});

describe('MovedPodHttpHandler with locks', (): void => {
  let movedPods: MovedPodStore;
  let locks: ClockedLocks;
  let handler: ClockedHandler;

  beforeEach(async(): Promise<void> => {
    movedPods = new MovedPodStore(memoryStorage(), 3600);
    await movedPods.handle();
    locks = new ClockedLocks(memoryStorage(), 3600);
    await locks.handle();
    handler = new ClockedHandler(movedPods, locks);
  });

  it('lets everything through while no pod is locked', async(): Promise<void> => {
    assert.equal(await call(handler, 'PUT', '/alice/x'), 'passed');
  });

  it('answers writes inside a locked pod with 423 and Retry-After until the lock ends', async(): Promise<void> => {
    await locks.set({ pod: POD, since: locks.time, until: locks.time + (2 * MINUTE) + 500 });
    for (const [ method, url ] of [[ 'PUT', '/alice/x' ], [ 'POST', '/alice/' ], [ 'PATCH', '/alice/a/b.ttl?q' ],
      [ 'DELETE', '/alice' ], [ 'PUT', '/alice/%61' ], [ 'DELETE', '//alice/./x' ]]) {
      const answer = await call(handler, method, url);
      assert.notEqual(answer, 'passed', `${method} ${url}`);
      const { status, headers, body } = answer as Answer;
      assert.equal(status, 423, `${method} ${url}`);
      assert.equal(headers['retry-after'], '121');
      assert.match(headers['content-type'], /^text\/plain/u);
      assert.match(body, /read-only while it moves to another server, until 1972-09-27T00:02:00\.500Z/u);
    }
    const json = await call(handler, 'PUT', '/alice/x', { accept: 'application/json', origin: 'https://app.example' });
    assert.equal((json as Answer).headers['content-type'], 'application/json');
    assert.equal((json as Answer).headers['access-control-expose-headers'], 'Location,Retry-After');
    assert.deepEqual(JSON.parse((json as Answer).body), { pod: POD, until: '1972-09-27T00:02:00.500Z',
      error: (JSON.parse((json as Answer).body) as { error: string }).error });
    for (const [ method, url ] of [[ 'GET', '/alice/x' ], [ 'HEAD', '/alice/' ], [ 'OPTIONS', '/alice/x' ],
      [ 'PUT', '/bob/x' ], [ 'PUT', '/alicex/y' ], [ 'PUT', '/.account/' ]]) {
      assert.equal(await call(handler, method, url), 'passed', `${method} ${url}`);
    }
    locks.time += (2 * MINUTE) + 500;
    assert.equal(await call(handler, 'PUT', '/alice/x'), 'passed', 'the lock ended by itself');
  });

  it('redirects a moved pod even when it is locked', async(): Promise<void> => {
    await locks.set({ pod: POD, since: locks.time, until: locks.time + MINUTE });
    await movedPods.set({ pod: POD, newPod: 'https://new.example/a/', movedAt: locks.time, graceDays: 30 });
    const answer = await call(handler, 'PUT', '/alice/x?v=1') as Answer;
    assert.equal(answer.status, 308);
    assert.equal(answer.headers.location, 'https://new.example/a/x?v=1');
  });
});
