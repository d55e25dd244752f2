import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FetchError } from '../../../../../apps/home/src/data/FetchError.ts';
import type { LauncherApp } from '../../../../../apps/home/src/data/launcher.ts';
import { groupLauncher, loadLauncher } from '../../../../../apps/home/src/data/launcher.ts';

const SERVER = 'https://cartable.example';
const ENDPOINT = 'https://cartable.example/.cartable/ent/apps';

const PRONOTE = { id: 'p', title: 'Pronote', description: 'Vie scolaire', url: 'https://pronote.example/',
  icon: 'https://ent.example/pronote.svg', category: 'ENT', favourite: true, rank: 1, favouriteRank: 1 };
const MESSAGERIE = { id: 'm', title: 'Messagerie', description: '', url: 'https://mail.example/', icon: null,
  category: 'Toutatice', favourite: true, rank: 2, favouriteRank: 2 };
const ELEA = { id: 'e', title: 'Éléa', description: 'Moodle', url: 'https://elea.example/', icon: null,
  category: 'Toutatice', favourite: false, rank: 3, favouriteRank: null };
const MEDIACENTRE = { id: 'g', title: 'Médiacentre', description: '', url: 'https://gar.example/', icon: null,
  category: 'GAR', favourite: false, rank: 4, favouriteRank: null };
const ESIDOC = { id: 'd', title: 'CDI', description: '', url: 'https://esidoc.example/', icon: 'data:image/svg+xml,<svg/>',
  category: 'ENT', favourite: false, rank: 5, favouriteRank: null };

/** A fetch that answers every request with `response` and records what was asked. */
function answering(response: () => Response): ((input: string, init?: RequestInit) => Promise<Response>) & { calls: { url: string; accept: string | null }[] } {
  const calls: { url: string; accept: string | null }[] = [];
  const fetchFn = async(input: string, init?: RequestInit): Promise<Response> => {
    calls.push({ url: input, accept: new Headers(init?.headers).get('accept') });
    return response();
  };
  return Object.assign(fetchFn, { calls });
}

function json(status: number, body: unknown, type = 'application/json'): () => Response {
  return (): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': type }});
}

function problem(status: number, kind: string): () => Response {
  return json(status, { type: `urn:cartable:problem:${kind}`, title: kind, status, detail: kind }, 'application/problem+json');
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.catch((e: unknown): unknown => e);
  assert.ok(error instanceof FetchError, `expected a FetchError, got ${String(error)}`);
  return error;
}

describe('loadLauncher', (): void => {
  it('asks the server\'s launcher endpoint for JSON, from an origin or a base URL.', async(): Promise<void> => {
    for (const server of [ SERVER, `${SERVER}/` ]) {
      const fetchFn = answering(json(200, { apps: [] }));
      await loadLauncher(fetchFn, server);
      assert.deepEqual(fetchFn.calls, [ { url: ENDPOINT, accept: 'application/json' } ]);
    }
    const fetchFn = answering(json(200, { apps: [] }));
    await loadLauncher(fetchFn, 'https://school.example/cartable/');
    assert.equal(fetchFn.calls[0]!.url, 'https://school.example/cartable/.cartable/ent/apps');
  });

  it('gives every app, the favourites, and the others by category, keeping the server\'s order.', async(): Promise<void> => {
    const launcher = await loadLauncher(answering(json(200, { apps: [ PRONOTE, MESSAGERIE, ELEA, MEDIACENTRE, ESIDOC ] })), SERVER);
    assert.ok(launcher.available);
    assert.deepEqual(launcher.apps.map((app): string => app.id), [ 'p', 'm', 'e', 'g', 'd' ]);
    assert.deepEqual(launcher.favourites.map((app): string => app.title), [ 'Pronote', 'Messagerie' ]);
    assert.deepEqual(launcher.groups.map((group): [string, string[]] => [ group.category, group.apps.map((app): string => app.id) ]),
      [ [ 'Toutatice', [ 'e' ] ], [ 'GAR', [ 'g' ] ], [ 'ENT', [ 'd' ] ] ]);
    assert.deepEqual(launcher.apps[0], { id: 'p', title: 'Pronote', description: 'Vie scolaire', url: 'https://pronote.example/',
      icon: 'https://ent.example/pronote.svg', category: 'ENT', favourite: true });
  });

  it('drops apps that cannot be links, and icons that are not http(s) or SVG.', async(): Promise<void> => {
    const launcher = await loadLauncher(answering(json(200, { apps: [
      { ...PRONOTE, url: 'javascript:alert(1)' },
      { ...ELEA, title: '' },
      { ...MEDIACENTRE, icon: 'data:text/html,<script>alert(1)</script>' },
      'Pronote',
      null,
    ] })), SERVER);
    assert.ok(launcher.available);
    assert.deepEqual(launcher.apps.map((app): string => app.id), [ 'g' ]);
    assert.equal(launcher.apps[0]!.icon, null);
  });

  it('says why there is no launcher, from Cartable\'s problems.', async(): Promise<void> => {
    for (const [ status, kind, reason ] of [
      [ 404, 'ent-not-linked', 'not-linked' ],
      [ 404, 'ent-not-configured', 'no-ent' ],
      [ 502, 'ent-sign-in-required', 'sign-in-again' ],
    ] as const) {
      assert.deepEqual(await loadLauncher(answering(problem(status, kind)), SERVER), { available: false, reason });
    }
  });

  it('degrades on another Solid server: no launcher there is not an error.', async(): Promise<void> => {
    const others: (() => Response)[] = [
      (): Response => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' }}),
      (): Response => new Response(null, { status: 405 }),
      (): Response => new Response(null, { status: 501 }),
      (): Response => new Response('', { status: 401, headers: { 'content-type': 'text/turtle' }}),
      (): Response => new Response('', { status: 403 }),
      (): Response => new Response('<> a <#Thing>.', { status: 200, headers: { 'content-type': 'text/turtle' }}),
      json(200, [ PRONOTE ]),
      json(404, { message: 'not here' }),
    ];
    for (const response of others) {
      assert.deepEqual(await loadLauncher(answering(response), SERVER), { available: false, reason: 'not-supported' });
    }
  });

  it('throws a FetchError the person may retry when the ENT or the server fails.', async(): Promise<void> => {
    let error = await failure(loadLauncher(answering(problem(503, 'ent-unavailable')), SERVER));
    assert.equal(error.statusCode, 503);
    assert.equal(error.failure, 'status');
    assert.equal(error.url, ENDPOINT);
    assert.match(error.message, /ent-unavailable/u);
    error = await failure(loadLauncher(answering(problem(401, 'unauthenticated')), SERVER));
    assert.equal(error.statusCode, 401, 'Cartable refused the session: sign in again');
    error = await failure(loadLauncher(answering((): Response => new Response('oops', { status: 500 })), SERVER));
    assert.equal(error.statusCode, 500);
  });

  it('throws a network FetchError when no answer comes.', async(): Promise<void> => {
    const error = await failure(loadLauncher(async(): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    }, SERVER));
    assert.equal(error.failure, 'network');
    assert.equal(error.statusCode, null);
  });
});

describe('groupLauncher', (): void => {
  it('gives no favourites and no groups for no apps.', (): void => {
    assert.deepEqual(groupLauncher([]), { available: true, apps: [], favourites: [], groups: [] });
  });

  it('keeps apps without a category in a group of their own.', (): void => {
    const app: LauncherApp = { ...ELEA, category: '' };
    const launcher = groupLauncher([ app ]);
    assert.ok(launcher.available);
    assert.deepEqual(launcher.groups, [ { category: '', apps: [ app ] } ]);
  });
});
