// Reading a catalogue from the ENT's Safran API, against a fake catalogue server on the loopback interface:
// the two calls the connector makes, the catalogue id rule, and what a slow, closed or odd ENT gives.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EntCatalogueClient } from '../../../components/dist/ent/EntCatalogueClient.js';
import { EntCatalogueProblem } from '../../../components/dist/ent/EntCatalogueProblem.js';
import type { EntOidcClient } from '../../../components/dist/ent/EntOidcClient.js';

const UID = 'UID92EC3BFB';
const APPS = [ { title: [ 'Pronote' ], source: 'https://pronote.example/', hubMetadata: { idInterne: 'p', favori: true }} ];

interface Seen {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

/** What the fake ENT answers; reset before each test. */
interface Behaviour {
  token: string;
  syncStatus: number;
  listStatus: number;
  listBody: string;
  delayMs: number;
}

const defaults = (): Behaviour => ({ token: 'ent-access', syncStatus: 202, listStatus: 200, listBody: JSON.stringify(APPS), delayMs: 0 });

describe('EntCatalogueClient', (): void => {
  let server: Server;
  let base: string;
  let seen: Seen[] = [];
  let behaviour = defaults();

  before(async(): Promise<void> => {
    server = createServer((request: IncomingMessage, response: ServerResponse): void => {
      let body = '';
      request.on('data', (chunk: Buffer): void => {
        body += chunk.toString('utf8');
      });
      request.on('end', (): void => {
        seen.push({ method: request.method!, path: request.url!, authorization: request.headers.authorization,
          contentType: request.headers['content-type'], body });
        setTimeout((): void => {
          if (request.headers.authorization !== `Bearer ${behaviour.token}`) {
            response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
          } else if (request.method === 'POST' && request.url!.endsWith('/sync')) {
            response.writeHead(behaviour.syncStatus).end();
          } else if (request.method === 'GET' && request.url!.endsWith('/applications')) {
            response.writeHead(behaviour.listStatus, { 'content-type': 'application/json' }).end(behaviour.listBody);
          } else {
            response.writeHead(404).end();
          }
        }, behaviour.delayMs);
      });
    });
    await new Promise<void>((resolve): void => {
      server.listen(0, '127.0.0.1', resolve);
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async(): Promise<void> => {
    server.closeAllConnections();
    await new Promise((resolve): void => {
      server.close(resolve);
    });
  });
  beforeEach((): void => {
    seen = [];
    behaviour = defaults();
  });

  const oidc = (issuer: string): EntOidcClient => ({ issuer } as unknown as EntOidcClient);

  it('syncs with {} and then lists the person\'s catalogue, at the ENT issuer by default', async(): Promise<void> => {
    const client = new EntCatalogueClient(oidc(`${base}/`));
    assert.deepEqual(await client.applications(UID, 'ent-access'), APPS);
    assert.deepEqual(seen.map((call): string => `${call.method} ${call.path}`), [
      `POST /safran/api/v1/catalogues/${UID}/sync`,
      `GET /safran/api/v1/catalogues/${UID}/applications`,
    ]);
    assert.equal(seen[0].body, '{}');
    assert.equal(seen[0].contentType, 'application/json');
    assert.ok(seen.every((call): boolean => call.authorization === 'Bearer ent-access'));
  });

  it('uses a configured API base and a fixed catalogue id, URL-encoded', async(): Promise<void> => {
    const client = new EntCatalogueClient(oidc('https://ent.invalid'), `${base}/`, 'cat/1');
    await client.applications(UID, 'ent-access');
    assert.equal(seen[1].path, '/safran/api/v1/catalogues/cat%2F1/applications');
    assert.equal(client.catalogueUrl(UID), `${base}/safran/api/v1/catalogues/cat%2F1`);
  });

  it('reads the catalogue even when the sync does not answer 202', async(): Promise<void> => {
    behaviour.syncStatus = 429;
    assert.deepEqual(await new EntCatalogueClient(oidc(base)).applications(UID, 'ent-access'), APPS);
  });

  it('says the ENT sign-in is needed again when the ENT refuses the token', async(): Promise<void> => {
    const error = await new EntCatalogueClient(oidc(base)).applications(UID, 'stale').catch((e: unknown): unknown => e);
    assert.ok(error instanceof EntCatalogueProblem);
    assert.equal(error.kind, 'ent-sign-in-required');
  });

  it('reports a bad gateway for an error status, a body that is not JSON, or not an array', async(): Promise<void> => {
    const client = new EntCatalogueClient(oidc(base));
    for (const [ status, body, message ] of [
      [ 500, '{"error":"boom"}', /answered 500/u ],
      [ 200, '<html>maintenance</html>', /not JSON/u ],
      [ 200, '{"applications":[]}', /not a JSON array/u ],
    ] as const) {
      behaviour.listStatus = status;
      behaviour.listBody = body;
      const error = await client.applications(UID, 'ent-access').catch((e: unknown): unknown => e);
      assert.ok(error instanceof EntCatalogueProblem, String(error));
      assert.equal(error.statusCode, 502);
      assert.match(error.message, message);
    }
  });

  it('gives up after the timeout with 503', async(): Promise<void> => {
    behaviour.delayMs = 400;
    const started = Date.now();
    const error = await new EntCatalogueClient(oidc(base), '', 'uid', 150).applications(UID, 'ent-access')
      .catch((e: unknown): unknown => e);
    assert.ok(error instanceof EntCatalogueProblem);
    assert.equal(error.statusCode, 503);
    assert.match(error.message, /did not answer within 150 ms/u);
    assert.ok(Date.now() - started < 380, 'did not wait for the slow ENT');
  });

  it('reports an ENT that cannot be reached with 503', async(): Promise<void> => {
    const closed = createServer();
    await new Promise<void>((resolve): void => {
      closed.listen(0, '127.0.0.1', resolve);
    });
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve): void => {
      closed.close(resolve);
    });
    const error = await new EntCatalogueClient(oidc(`http://127.0.0.1:${port}`)).applications(UID, 'ent-access')
      .catch((e: unknown): unknown => e);
    assert.ok(error instanceof EntCatalogueProblem);
    assert.equal(error.kind, 'ent-unavailable');
    assert.match(error.message, /cannot be reached/u);
  });

  it('waits between the sync and the list when configured to', async(): Promise<void> => {
    const started = Date.now();
    await new EntCatalogueClient(oidc(base), '', 'uid', 3000, 120).applications(UID, 'ent-access');
    assert.ok(Date.now() - started >= 110);
  });
});
