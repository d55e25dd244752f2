// The JSON configs are the source of truth: Cartable built by Components.js directly from
// pod-config/test.json (as CSS's own AppRunner does) behaves like the precompiled module the tests and
// `npm start` use.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppRunner } from '@solid/community-server';
import type { App } from '@solid/community-server';
import { prepareDataFolder } from '../../components/dist/init/DataFolder.js';
import { createAccountWithPod } from '../util/accounts.ts';
import { freePort } from '../util/cartable.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('pod-config/test.json through Components.js', (): void => {
  let app: App;
  let url: string;
  let data: string;

  before(async(): Promise<void> => {
    const port = await freePort();
    url = `http://localhost:${port}/`;
    data = mkdtempSync(join(tmpdir(), 'cartable-apprunner-'));
    prepareDataFolder(data);
    app = await new AppRunner().create({
      config: join(ROOT, 'pod-config', 'test.json'),
      loaderProperties: { mainModulePath: ROOT, dumpErrorState: false, logLevel: 'error' },
      shorthand: { port, baseUrl: url, rootFilePath: data, loggingLevel: 'error' },
      variableBindings: {
        'urn:cartable:default:variable:podQuota': '5GB',
        'urn:cartable:default:variable:demoSchool': '',
        'urn:cartable:default:variable:entIssuer': '',
        'urn:cartable:default:variable:entClientId': '',
        'urn:cartable:default:variable:entClientSecret': '',
        'urn:cartable:default:variable:entScope': 'openid',
      },
    });
    await app.start();
  });

  after(async(): Promise<void> => {
    await app?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it('creates pods in the Cartable layout with the same rules', async(): Promise<void> => {
    const pupil = await createAccountWithPod(url, 'f0e1d2');
    const card = await fetch(`${pupil.pod}profile/card`);
    assert.equal(card.status, 200);
    assert.match(await card.text(), /solid:oidcIssuer/u);
    assert.equal((await fetch(`${pupil.pod}profile/about`)).status, 401);
    assert.equal((await fetch(`${pupil.pod}drive/`)).status, 401);
  });

  it('serves the home app to browsers at /', async(): Promise<void> => {
    const home = await fetch(url, { headers: { accept: 'text/html' } });
    assert.equal(home.status, 200);
    assert.equal(home.headers.get('cache-control'), 'no-store');
  });
});
