// The home launcher against the simulated ENT and a real Cartable: a pupil who signed in with the ENT reads
// her ENT applications with a Solid-OIDC token (DPoP, as the home app's session.fetch sends it, and plain
// Bearer); nobody else does, and a password-only account is told it is not linked to an ENT.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Session } from '@inrupt/solid-client-authn-node';
import { createAccountWithPod, sessionFor } from '../util/accounts.ts';
import { freePort, startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';
import { signInWithEnt, startTestEnt } from '../util/ent.ts';
import type { TestEnt } from '../util/ent.ts';

interface App {
  id: string;
  title: string;
  description: string;
  url: string;
  icon: string | null;
  category: string;
  favourite: boolean;
  rank: number | null;
  favouriteRank: number | null;
}

/** A plain Bearer Solid-OIDC access token from client credentials (no DPoP). */
async function bearerToken(server: TestServer, id: string, secret: string): Promise<string> {
  const { token_endpoint: tokenEndpoint } = await (await fetch(`${server.url}.well-known/openid-configuration`)).json() as
    { token_endpoint: string };
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=webid',
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('the ENT launcher', (): void => {
  let server: TestServer;
  let ent: TestEnt;
  let camille: { webId: string; id: string; secret: string };
  let session: Session;
  let endpoint: string;

  before(async(): Promise<void> => {
    const port = await freePort();
    ent = await startTestEnt(`http://localhost:${port}/`);
    server = await startTestServer({ port, ent: ent.settingsFor(`http://localhost:${port}/`) });
    endpoint = `${server.url}.cartable/ent/apps`;
    camille = await signInWithEnt(server.url, 'camille.martin');
    session = new Session();
    await session.login({ clientId: camille.id, clientSecret: camille.secret, oidcIssuer: server.url, tokenType: 'DPoP' });
    assert.equal(session.info.webId, camille.webId);
  });
  after(async(): Promise<void> => {
    await session?.logout().catch((): undefined => undefined);
    await server?.stop();
    await ent?.stop();
  });

  it('gives Camille her ENT applications with a DPoP token, favourites first', async(): Promise<void> => {
    const response = await session.fetch(endpoint, { headers: { accept: 'application/json' }});
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^application\/json/u);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const { apps } = await response.json() as { apps: App[] };
    assert.deepEqual(apps.filter((app): boolean => app.favourite).map((app): string => app.title), [ 'Pronote', 'Messagerie', 'Éléa' ]);
    assert.deepEqual(apps.slice(0, 3).map((app): string => app.title), [ 'Pronote', 'Messagerie', 'Éléa' ]);
    assert.ok(apps.some((app): boolean => app.title === 'Médiacentre' && app.category === 'GAR'));
    assert.ok(!apps.some((app): boolean => app.title === 'Espace pédagogique' || app.title === 'Arena'), 'no staff apps for a pupil');
    const pronote = apps[0];
    assert.equal(pronote.category, 'ENT');
    assert.equal(pronote.favouriteRank, 1);
    assert.ok(pronote.url.startsWith(`${ent.url}/apps/pronote/`), pronote.url);
    assert.equal(pronote.icon, `${ent.url}/vignettes/pronote.svg`);
    assert.ok(apps.every((app): boolean => /^https?:\/\//u.test(app.url)));
  });

  it('answers the same with a plain Bearer token, and again from its cache', async(): Promise<void> => {
    const token = await bearerToken(server, camille.id, camille.secret);
    const [ first, second ] = await Promise.all([ 1, 2 ].map(async(): Promise<Response> =>
      fetch(endpoint, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }})));
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const [ a, b ] = await Promise.all([ first.json(), second.json() ]) as { apps: App[] }[];
    assert.deepEqual(a, b);
    assert.equal(a.apps[0].title, 'Pronote');
  });

  it('refuses anonymous and forged requests with 401 and a problem', async(): Promise<void> => {
    for (const headers of [ {}, { authorization: 'Bearer not-a-token' } ] as Record<string, string>[]) {
      const response = await fetch(endpoint, { headers: { accept: 'application/json', ...headers }});
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type')!, /^application\/problem\+json/u);
      assert.match(response.headers.get('www-authenticate')!, /DPoP/u);
      const problem = await response.json() as { type: string; status: number };
      assert.equal(problem.type, 'urn:cartable:problem:unauthenticated');
      assert.equal(problem.status, 401);
    }
  });

  it('tells a password-only account that it is not linked to an ENT (404 problem)', async(): Promise<void> => {
    const account = await createAccountWithPod(server.url, 'operator');
    const other = await sessionFor(server.url, account);
    try {
      const response = await other.fetch(endpoint, { headers: { accept: 'application/json' }});
      assert.equal(response.status, 404);
      assert.match(response.headers.get('content-type')!, /^application\/problem\+json/u);
      const problem = await response.json() as { type: string; title: string; status: number; detail: string };
      assert.equal(problem.type, 'urn:cartable:problem:ent-not-linked');
      assert.equal(problem.status, 404);
      assert.match(problem.detail, /not linked to an ENT/u);
    } finally {
      await other.logout();
    }
  });

  it('lets the home app call it from another origin (CORS preflight by the middleware)', async(): Promise<void> => {
    const preflight = await fetch(endpoint, { method: 'OPTIONS', headers: {
      origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, dpop',
    }});
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(preflight.headers.get('access-control-allow-headers')!, /dpop/iu);
    const response = await session.fetch(endpoint, { headers: { origin: 'https://app.example' }});
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example');
  });

  it('does not let other methods through to the storage', async(): Promise<void> => {
    const response = await session.fetch(endpoint, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD, OPTIONS');
  });
});
