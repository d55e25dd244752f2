// DESIGN §2: apps work on any pod. The home app's data functions run against a pod on a stock
// Community Solid Server 7.2 (which knows nothing of Cartable) and against a Cartable pod.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Session } from '@inrupt/solid-client-authn-node';
import { loadCartable } from '../../apps/home/src/data/loadCartable.ts';
import { POD_AREAS } from '../../components/dist/pods/PodLayout.js';
import { createAccountWithPod, sessionFor } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { startStockCss } from '../util/stock-css.ts';
import type { StockServer } from '../util/stock-css.ts';

describe('home app data functions on any Solid server', (): void => {
  let stock: StockServer;
  let cartable: TestServer;
  const sessions: Session[] = [];

  before(async(): Promise<void> => {
    [ stock, cartable ] = await Promise.all([ startStockCss(), startTestServer() ]);
  });
  after(async(): Promise<void> => {
    await Promise.all(sessions.map(async(session): Promise<void> => session.logout()));
    await Promise.all([ stock?.stop(), cartable?.stop() ]);
  });

  it('loads a pod on a stock CSS: storage found, absent Cartable documents are null, not errors', async(): Promise<void> => {
    const account = await createAccountWithPod(stock.url, 'alice');
    const session = await sessionFor(stock.url, account);
    sessions.push(session);
    const result = await loadCartable(session.fetch, account.webId);
    assert.equal(result.webId, account.webId);
    assert.equal(result.storage, account.pod);
    assert.equal(result.school, null);
    assert.equal(result.className, null);
    assert.deepEqual(result.areas.map((area): string => area.url),
      POD_AREAS.filter((area): boolean => area.visible).map((area): string => `${account.pod}${area.path}`));
  });

  it('loads a Cartable pod with the private name, school and class of its owner', async(): Promise<void> => {
    const account = await createAccountWithPod(cartable.url, 'e5f6a7', {
      fullName: 'Maël Guillou', role: 'pupil', school: 'Collège Jules Verne', className: '3e B',
    });
    const session = await sessionFor(cartable.url, account);
    sessions.push(session);
    const result = await loadCartable(session.fetch, account.webId);
    assert.equal(result.storage, account.pod);
    assert.equal(result.name, 'Maël Guillou');
    assert.equal(result.school, 'Collège Jules Verne');
    assert.equal(result.className, '3e B');
    assert.equal(result.role, 'pupil');
    assert.equal(result.inbox, `${account.pod}inbox/`);
  });

  it('fails clearly, with the status and URL, when the profile cannot be read', async(): Promise<void> => {
    await assert.rejects(loadCartable(fetch, `${cartable.url}nobody/profile/card#me`),
      (error: Error & { statusCode?: number | null; url?: string }): boolean =>
        error.statusCode !== undefined && error.statusCode !== 200 && Boolean(error.url?.includes('nobody')));
  });
});
