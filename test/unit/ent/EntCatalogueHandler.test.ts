// GET /.cartable/ent/apps from the request's Solid-OIDC credentials to the person's ENT catalogue: fakes for
// CSS's stores and credentials, a fake ENT catalogue on the loopback interface. What the home app sees for
// each case: status, problem type, headers, and how often the ENT is called.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { HttpHandlerInput } from '@solid/community-server';
import { BadRequestHttpError } from '@solid/community-server';
import { EntCatalogueClient } from '../../../components/dist/ent/EntCatalogueClient.js';
import { EntCatalogueHandler } from '../../../components/dist/ent/EntCatalogueHandler.js';
import type { EntLogin, EntLoginStore } from '../../../components/dist/ent/EntLoginStore.js';
import type { EntOidcClient } from '../../../components/dist/ent/EntOidcClient.js';
import type { EntTokens, EntTokenVault } from '../../../components/dist/ent/EntTokenVault.js';
import { EntPersonIndex } from '../../../components/dist/ent/EntPersonIndex.js';

const BASE = 'https://cartable.example/';
const CAMILLE = 'https://cartable.example/c0123456789ab/profile/card#me';
const OPERATOR = 'https://cartable.example/operator/profile/card#me';
const TWICE = 'https://cartable.example/twice/profile/card#me';
const UID = 'UID92EC3BFB';

/** Two apps in the ENT's order: the favourite comes second, the launcher puts it first. */
const CATALOGUE = [
  { title: [ 'Éléa' ], source: 'https://elea.example/', rights: 'Toutatice', hubMetadata: { idInterne: 'e', favori: false, rang: 1 }},
  { title: [ 'Pronote' ], source: 'https://pronote.example/', vignette: 'https://ent.example/p.svg', rights: 'ENT',
    hubMetadata: { idInterne: 'p', favori: true, rang: 2, rangFavori: 1 }},
];

/** A response that records what the handler sends. */
class FakeResponse {
  public status = 0;
  public readonly headers: Record<string, string> = {};
  public body = '';
  public setHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  public writeHead(status: number, headers: Record<string, string> = {}): this {
    this.status = status;
    for (const [ name, value ] of Object.entries(headers)) {
      this.setHeader(name, value);
    }
    return this;
  }

  public end(body?: string): this {
    this.body = body ?? '';
    return this;
  }

  public json(): Record<string, unknown> {
    return JSON.parse(this.body) as Record<string, unknown>;
  }
}

class FakeVault {
  public readonly tokens = new Map<string, EntTokens>();
  public async get(uid: string): Promise<EntTokens | undefined> {
    return this.tokens.get(uid);
  }

  public async set(uid: string, tokens: EntTokens): Promise<void> {
    this.tokens.set(uid, tokens);
  }
}

describe('EntCatalogueHandler', (): void => {
  let ent: Server;
  let entUrl: string;
  /** ENT access tokens the fake ENT accepts. */
  let valid: Set<string>;
  let entCalls: string[];
  let entDelayMs: number;
  let vault: FakeVault;
  let oidc: { enabled: boolean; issuer: string; refreshed: number; refresh: (token: string) => Promise<{ accessToken: string }> };
  let handler: EntCatalogueHandler;

  before(async(): Promise<void> => {
    ent = createServer((request: IncomingMessage, response: ServerResponse): void => {
      request.resume();
      request.on('end', (): void => {
        entCalls.push(`${request.method} ${request.url}`);
        setTimeout((): void => {
          if (!valid.has((request.headers.authorization ?? '').replace('Bearer ', ''))) {
            response.writeHead(401).end();
          } else if (request.method === 'POST') {
            response.writeHead(202).end();
          } else {
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CATALOGUE));
          }
        }, entDelayMs);
      });
    });
    await new Promise<void>((resolve): void => {
      ent.listen(0, '127.0.0.1', resolve);
    });
    entUrl = `http://127.0.0.1:${(ent.address() as AddressInfo).port}`;
  });
  after(async(): Promise<void> => {
    ent.closeAllConnections();
    await new Promise((resolve): void => {
      ent.close(resolve);
    });
  });

  beforeEach((): void => {
    valid = new Set([ 'ent-access' ]);
    entCalls = [];
    entDelayMs = 0;
    vault = new FakeVault();
    vault.tokens.set(UID, { accessToken: 'ent-access', refreshToken: 'ent-refresh', idToken: 'id', expiresAt: Date.now() + 3_600_000 });
    oidc = {
      enabled: true,
      issuer: entUrl,
      refreshed: 0,
      async refresh(): Promise<{ accessToken: string }> {
        this.refreshed++;
        valid.add(`renewed-${this.refreshed}`);
        return { accessToken: `renewed-${this.refreshed}` };
      },
    };
    const links = [
      { id: 'l1', webId: CAMILLE, accountId: 'camille' },
      { id: 'l2', webId: OPERATOR, accountId: 'operator' },
      { id: 'l3', webId: TWICE, accountId: 'camille' },
      { id: 'l4', webId: TWICE, accountId: 'other' },
    ];
    const logins: Record<string, EntLogin[]> = {
      camille: [ { id: 'e1', accountId: 'camille', uid: UID, termsVersion: '2026-11', acceptedAt: '', acceptedBy: 'self' } ],
      other: [ { id: 'e2', accountId: 'other', uid: 'UIDOTHER', termsVersion: '2026-11', acceptedAt: '', acceptedBy: 'self' } ],
    };
    const credentials = {
      handleSafe: async(request: IncomingMessage): Promise<Record<string, unknown>> => {
        const auth = request.headers.authorization ?? '';
        if (auth === 'DPoP forged') {
          throw new BadRequestHttpError('Error verifying WebID via DPoP-bound access token');
        }
        return auth.startsWith('DPoP ') ? { agent: { webId: auth.slice(5) }} : {};
      },
    };
    const accountStorage = {
      find: async(type: string, query: { webId: string }): Promise<typeof links> => {
        assert.equal(type, 'webIdLink');
        return links.filter((link): boolean => link.webId === query.webId);
      },
    };
    const webIdStore = { isLinked: async(webId: string, accountId: string): Promise<boolean> =>
      links.some((link): boolean => link.webId === webId && link.accountId === accountId) };
    const loginStore = { findByAccount: async(accountId: string): Promise<EntLogin[]> => logins[accountId] ?? [] };
    const people = new EntPersonIndex(accountStorage as never, webIdStore as never, loginStore as unknown as EntLoginStore);
    handler = new EntCatalogueHandler(credentials as never, people, vault as unknown as EntTokenVault,
      oidc as unknown as EntOidcClient, new EntCatalogueClient(oidc as unknown as EntOidcClient, '', 'uid', 300), BASE);
  });

  async function call(authorization?: string, method = 'GET', url = '/.cartable/ent/apps'): Promise<FakeResponse> {
    const request = { method, url, headers: authorization ? { authorization } : {}};
    const response = new FakeResponse();
    const input = { request, response } as unknown as HttpHandlerInput;
    await handler.canHandle(input);
    await handler.handle(input);
    return response;
  }

  it('handles only its own path, whatever the query', async(): Promise<void> => {
    const input = (url: string): HttpHandlerInput => ({ request: { method: 'GET', url, headers: {}}, response: new FakeResponse() }) as never;
    await assert.rejects(handler.canHandle(input('/')), { statusCode: 501 });
    await assert.rejects(handler.canHandle(input('/.cartable/ent/apps/x')), { statusCode: 501 });
    await handler.canHandle(input('/.cartable/ent/apps?lang=fr'));
  });

  it('gives the person\'s apps, favourites first, as private JSON', async(): Promise<void> => {
    const response = await call(`DPoP ${CAMILLE}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.equal(response.headers['cache-control'], 'no-store');
    const { apps } = response.json() as { apps: { id: string; title: string; url: string; icon: string | null; favourite: boolean }[] };
    assert.deepEqual(apps.map((app): string => app.title), [ 'Pronote', 'Éléa' ]);
    assert.deepEqual(apps[0], { id: 'p', title: 'Pronote', description: '', url: 'https://pronote.example/',
      icon: 'https://ent.example/p.svg', category: 'ENT', favourite: true, rank: 2, favouriteRank: 1 });
    assert.deepEqual(entCalls, [ `POST /safran/api/v1/catalogues/${UID}/sync`, `GET /safran/api/v1/catalogues/${UID}/applications` ]);
  });

  it('serves the next visits from its cache without calling the ENT', async(): Promise<void> => {
    await call(`DPoP ${CAMILLE}`);
    const [ second, third ] = await Promise.all([ call(`DPoP ${CAMILLE}`), call(`DPoP ${CAMILLE}`) ]);
    assert.equal(second.status, 200);
    assert.equal(third.body, second.body);
    assert.equal(entCalls.length, 2);
  });

  it('answers 401 with a problem and WWW-Authenticate without credentials or with refused ones', async(): Promise<void> => {
    for (const authorization of [ undefined, 'DPoP forged' ]) {
      const response = await call(authorization);
      assert.equal(response.status, 401);
      assert.equal(response.headers['content-type'], 'application/problem+json');
      assert.match(response.headers['www-authenticate'], /DPoP/u);
      assert.equal(response.json().type, 'urn:cartable:problem:unauthenticated');
    }
    assert.equal(entCalls.length, 0);
  });

  it('answers 404 "not linked to an ENT" for an account without ENT login, and for an unknown WebID', async(): Promise<void> => {
    for (const webId of [ OPERATOR, 'https://elsewhere.example/me#i' ]) {
      const response = await call(`DPoP ${webId}`);
      assert.equal(response.status, 404);
      const problem = response.json();
      assert.equal(problem.type, 'urn:cartable:problem:ent-not-linked');
      assert.equal(problem.status, 404);
      assert.equal(problem.title, 'Account not linked to an ENT');
      assert.match(problem.detail as string, /not linked to an ENT/u);
    }
  });

  it('refuses to choose between two ENT persons behind one WebID (409)', async(): Promise<void> => {
    const response = await call(`DPoP ${TWICE}`);
    assert.equal(response.status, 409);
    assert.equal(response.json().type, 'urn:cartable:problem:ent-ambiguous');
  });

  it('answers 404 "no ENT" when the server has none configured, before anything else', async(): Promise<void> => {
    oidc.enabled = false;
    const response = await call();
    assert.equal(response.status, 404);
    assert.equal(response.json().type, 'urn:cartable:problem:ent-not-configured');
  });

  it('refreshes an expired ENT token first, and stores the new one', async(): Promise<void> => {
    vault.tokens.set(UID, { accessToken: 'expired', refreshToken: 'ent-refresh', idToken: 'id', expiresAt: Date.now() - 1000 });
    const response = await call(`DPoP ${CAMILLE}`);
    assert.equal(response.status, 200);
    assert.equal(oidc.refreshed, 1);
    assert.equal(vault.tokens.get(UID)?.accessToken, 'renewed-1');
    assert.equal(vault.tokens.get(UID)?.idToken, 'id');
  });

  it('refreshes once and retries when the ENT refuses a token it announced as valid', async(): Promise<void> => {
    valid.delete('ent-access');
    const response = await call(`DPoP ${CAMILLE}`);
    assert.equal(response.status, 200);
    assert.equal(oidc.refreshed, 1);
    assert.equal(entCalls.length, 3, 'refused sync, then sync and list with the new token');
  });

  it('answers 502 "sign in with the ENT again" when there are no ENT tokens', async(): Promise<void> => {
    vault.tokens.clear();
    const response = await call(`DPoP ${CAMILLE}`);
    assert.equal(response.status, 502);
    assert.equal(response.json().type, 'urn:cartable:problem:ent-sign-in-required');
  });

  it('answers 503 when the ENT does not answer in time, and tries again at the next visit', async(): Promise<void> => {
    entDelayMs = 500;
    const slow = await call(`DPoP ${CAMILLE}`);
    assert.equal(slow.status, 503);
    assert.equal(slow.json().type, 'urn:cartable:problem:ent-unavailable');
    assert.equal(slow.headers['cache-control'], 'no-store');
    entDelayMs = 0;
    assert.equal((await call(`DPoP ${CAMILLE}`)).status, 200);
  });

  it('answers HEAD without a body, OPTIONS with the allowed methods, other methods with 405', async(): Promise<void> => {
    const head = await call(`DPoP ${CAMILLE}`, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 0);
    const options = await call(undefined, 'OPTIONS');
    assert.equal(options.status, 204);
    assert.equal(options.headers.allow, 'GET, HEAD, OPTIONS');
    const post = await call(`DPoP ${CAMILLE}`, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.json().type, 'urn:cartable:problem:method-not-allowed');
  });
});
