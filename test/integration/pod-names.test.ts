// Pod names asked for through the account API: clear 400s for bad names, 409 for a taken one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { controls, createAccount, post } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';

describe('pod names', (): void => {
  let server: TestServer;
  let token: string;
  let podControl: string;

  before(async(): Promise<void> => {
    server = await startTestServer();
    token = await createAccount(server.url, 'names@test.cartable.example');
    podControl = (await controls(server.url, token)).account.pod!;
  });
  after(async(): Promise<void> => server?.stop());

  async function create(name: unknown): Promise<{ status: number; message: string }> {
    const response = await post(podControl, { name }, token);
    const body = await response.json() as { message?: string };
    return { status: response.status, message: body.message ?? '' };
  }

  const bad: [string, unknown, RegExp][] = [
    [ 'empty', '', /required|name/iu ],
    [ 'blank', '   ', /required|name/iu ],
    [ 'too long', 'a'.repeat(64), /at most 63/u ],
    [ 'accented', 'élève', /not URL-safe/u ],
    [ 'upper case', 'Camille', /not URL-safe/u ],
    [ 'with a slash', 'a/b', /not URL-safe/u ],
    [ 'dot segments', '..', /not URL-safe/u ],
    [ 'a space', 'camille martin', /not URL-safe/u ],
    [ 'leading hyphen', '-abc', /not URL-safe/u ],
    [ 'reserved', 'apps', /reserved/u ],
  ];
  for (const [ label, name, message ] of bad) {
    it(`refuses a name that is ${label} with 400`, async(): Promise<void> => {
      const result = await create(name);
      assert.equal(result.status, 400, JSON.stringify(result));
      assert.match(result.message, message);
    });
  }

  it('creates a pod with a valid name, then refuses the same name with 409', async(): Promise<void> => {
    assert.equal((await create('c0ffee42')).status, 200);
    const other = await createAccount(server.url, 'other@test.cartable.example');
    const response = await post((await controls(server.url, other)).account.pod, { name: 'c0ffee42' }, other);
    assert.equal(response.status, 409);
    assert.match(((await response.json()) as { message: string }).message, /already taken/u);
  });

  it('leaves nothing behind after a refused name', async(): Promise<void> => {
    assert.equal((await fetch(`${server.url}-abc/`)).status === 200, false);
    const pods = await (await fetch(podControl, { headers: { authorization: `CSS-Account-Token ${token}`, accept: 'application/json' } })).json() as { pods: Record<string, string> };
    assert.deepEqual(Object.keys(pods.pods), [ `${server.url}c0ffee42/` ]);
  });
});
