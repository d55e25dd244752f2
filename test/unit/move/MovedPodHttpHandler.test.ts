// Requests under a moved pod: 308 with the query kept, then 410; the profile stays served; others fall through.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { HttpHandlerInput, HttpRequest, HttpResponse, KeyValueStorage } from '@solid/community-server';
import { NotImplementedHttpError } from '@solid/community-server';
import { MovedPodHttpHandler } from '../../../components/dist/move/MovedPodHttpHandler.js';
import { MovedPodStore } from '../../../components/dist/move/MovedPodStore.js';

const BASE = 'http://localhost:3000/';
const DAY = 86_400_000;

class ClockedHandler extends MovedPodHttpHandler {
  public time = 0;
  protected override now(): number {
    return this.time;
  }
}

interface Answer { status: number; headers: Record<string, string>; body: string }

function input(method: string, url: string): { input: HttpHandlerInput; answer: Answer } {
  const answer: Answer = { status: 0, headers: {}, body: '' };
  const response = {
    writeHead(status: number, headers: Record<string, string>): void {
      answer.status = status;
      answer.headers = headers;
    },
    end(body?: string | Buffer): void {
      answer.body = body === undefined ? '' : body.toString();
    },
  } as unknown as HttpResponse;
  return { input: { request: { method, url, headers: {}} as unknown as HttpRequest, response }, answer };
}

describe('MovedPodHttpHandler', (): void => {
  let store: MovedPodStore;
  let handler: ClockedHandler;

  beforeEach(async(): Promise<void> => {
    const map = new Map<string, unknown>();
    const storage = Object.assign(map, { entries: async function* entries(): AsyncIterableIterator<[string, unknown]> {
      yield* Map.prototype.entries.call(map);
    } }) as unknown as KeyValueStorage<string, unknown>;
    store = new MovedPodStore(storage, 3600);
    await store.handle();
    await store.set({ pod: `${BASE}alice/`, newPod: 'https://new.example/a/', movedAt: 10 * DAY, graceDays: 30 });
    await store.set({ pod: `${BASE}carol/`, newPod: 'https://new.example/c/', newWebId: 'https://id.example/c#me',
      movedAt: 10 * DAY, graceDays: 30 });
    handler = new ClockedHandler(store, BASE, BASE);
    handler.time = 11 * DAY;
  });

  async function call(method: string, url: string): Promise<Answer> {
    const { input: request, answer } = input(method, url);
    await handler.handleSafe(request);
    return answer;
  }

  it('redirects every method with 308 to the same place in the new pod, keeping the query', async(): Promise<void> => {
    for (const method of [ 'GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE' ]) {
      const answer = await call(method, '/alice/private/notes.txt?v=2&x=%20');
      assert.equal(answer.status, 308, method);
      assert.equal(answer.headers.location, 'https://new.example/a/private/notes.txt?v=2&x=%20');
    }
    assert.equal((await call('GET', '/alice')).headers.location, 'https://new.example/a/');
    assert.equal((await call('GET', '/alice?x=1')).headers.location, 'https://new.example/a/?x=1');
    assert.equal((await call('GET', '/alice/.acl')).headers.location, 'https://new.example/a/.acl');
    assert.equal((await call('GET', '/alice/profile/')).headers.location, 'https://new.example/a/profile/');
  });

  it('sees through the paths CSS normalises', async(): Promise<void> => {
    assert.equal((await call('GET', '/%61lice/x')).headers.location, 'https://new.example/a/x');
    assert.equal((await call('GET', '/bob/../alice/x?q')).headers.location, 'https://new.example/a/x?q');
    assert.equal((await call('GET', '//alice//x')).headers.location, 'https://new.example/a/x');
    assert.equal((await call('GET', '/bob\\..\\alice/x')).headers.location, 'https://new.example/a/x');
  });

  it('answers 410 with where the pod went once the grace period is over', async(): Promise<void> => {
    handler.time = 40 * DAY;
    const answer = await call('GET', '/alice/private/notes.txt');
    assert.equal(answer.status, 410);
    assert.match(answer.body, /moved to https:\/\/new\.example\/a\/ on 1970-01-11/u);
    const zero = new ClockedHandler(store, BASE, BASE);
    await store.set({ pod: `${BASE}dan/`, newPod: 'https://new.example/d/', movedAt: 5, graceDays: 0 });
    zero.time = 5;
    const { input: request, answer: immediate } = input('DELETE', '/dan/x');
    await zero.handleSafe(request);
    assert.equal(immediate.status, 410);
  });

  it('keeps serving the profile document, pointing to the new storage', async(): Promise<void> => {
    handler.time = 400 * DAY;
    const answer = await call('GET', '/alice/profile/card');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/turtle');
    assert.equal(answer.headers['cache-control'], 'public, max-age=300');
    assert.match(answer.body, /<http:\/\/localhost:3000\/alice\/profile\/card#me>\n {2}pim:storage <https:\/\/new\.example\/a\/>;/u);
    assert.match(answer.body, /solid:storage <https:\/\/new\.example\/a\/>;/u);
    assert.match(answer.body, /solid:oidcIssuer <http:\/\/localhost:3000\/>\./u);
    assert.doesNotMatch(answer.body, /sameAs/u);
    const carol = await call('GET', '/carol/profile/card?x');
    assert.match(carol.body, /owl:sameAs <https:\/\/id\.example\/c#me>;/u);
    assert.equal((await call('HEAD', '/carol/profile/card')).body, '');
    assert.equal((await call('PUT', '/carol/profile/card')).status, 405);
  });

  it('leaves other pods, server routes, the root and CORS preflights alone', async(): Promise<void> => {
    for (const [ method, url ] of [ [ 'GET', '/bob/x' ], [ 'GET', '/alicia/x' ], [ 'GET', '/.account/' ], [ 'GET', '/' ],
      [ 'GET', '/apps/home/' ], [ 'OPTIONS', '/alice/x' ], [ 'GET', '/bob/%2e%2e/alicex/' ] ]) {
      const { input: request } = input(method, url);
      await assert.rejects(handler.canHandle(request), NotImplementedHttpError, `${method} ${url}`);
    }
  });

  it('works under a base URL with a path', async(): Promise<void> => {
    await store.set({ pod: 'https://school.example/cartable/eve/', newPod: 'https://new.example/e/', movedAt: 10 * DAY,
      graceDays: 30 });
    const nested = new ClockedHandler(store, 'https://school.example/cartable/', 'https://school.example/cartable/');
    nested.time = 11 * DAY;
    const { input: request, answer } = input('GET', '/cartable/eve/a?b');
    await nested.handleSafe(request);
    assert.equal(answer.headers.location, 'https://new.example/e/a?b');
    await assert.rejects(nested.canHandle(input('GET', '/eve/a').input), NotImplementedHttpError);
  });
});
