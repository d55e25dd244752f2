// Fetching WebID profiles of development servers for verified aliases: with allowLocalhostHttp, http URLs on
// localhost are fetched from loopback addresses only; other http URLs and the default setting still refuse them.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SafeGroupFetcher } from '../../../components/dist/groups/SafeGroupFetcher.js';

const PROFILE = '@prefix owl: <http://www.w3.org/2002/07/owl#>.\n<#me> owl:sameAs <https://old.example/profile/card#me>.\n';

describe('SafeGroupFetcher with allowLocalhostHttp (profiles)', (): void => {
  let server: Server;
  let port: number;
  let requests: { url?: string; agent?: string }[];

  before(async(): Promise<void> => {
    server = createServer((request, response): void => {
      requests.push({ url: request.url, agent: request.headers['user-agent'] });
      if (request.url === '/redirect-out') {
        response.writeHead(302, { location: 'http://example.org/profile/card' }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/turtle' }).end(PROFILE);
    });
    await new Promise<void>((resolve): void => {
      server.listen(0, '127.0.0.1', resolve);
    });
    port = (server.address() as AddressInfo).port;
  });

  beforeEach((): void => {
    requests = [];
  });

  after(async(): Promise<void> => {
    server.closeAllConnections();
    await new Promise((resolve): void => {
      server.close(resolve);
    });
  });

  it('fetches http://127.0.0.1 profiles with its label and user agent', async(): Promise<void> => {
    const fetcher = new SafeGroupFetcher({ allowLocalhostHttp: true, label: 'Profile', userAgent: 'Cartable alias resolver' });
    const quads = await fetcher.fetchQuads(`http://127.0.0.1:${port}/profile/card#me`);
    assert.deepEqual(quads.map((quad): string => quad.object.value), [ 'https://old.example/profile/card#me' ]);
    assert.equal(quads[0].subject.value, `http://127.0.0.1:${port}/profile/card#me`);
    assert.deepEqual(requests, [{ url: '/profile/card', agent: 'Cartable alias resolver' }]);
  });

  it('refuses http on other hosts, and redirects leaving localhost', async(): Promise<void> => {
    const fetcher = new SafeGroupFetcher({ allowLocalhostHttp: true, label: 'Profile' });
    await assert.rejects(fetcher.fetchQuads('http://example.org/profile/card'),
      /^Error: Profile http:\/\/example\.org\/profile\/card: only https URLs are fetched \(and http on localhost\)\.$/u);
    await assert.rejects(fetcher.fetchQuads(`http://127.0.0.1:${port}/redirect-out`), /only https URLs are fetched/u);
    assert.deepEqual(requests.map(({ url }): string | undefined => url), [ '/redirect-out' ]);
  });

  it('still refuses loopback over https, and http altogether by default', async(): Promise<void> => {
    const fetcher = new SafeGroupFetcher({ allowLocalhostHttp: true });
    await assert.rejects(fetcher.fetchQuads(`https://127.0.0.1:${port}/profile/card`), /not a public address/u);
    await assert.rejects(new SafeGroupFetcher().fetchQuads(`http://127.0.0.1:${port}/profile/card`),
      /^Error: Group document .*: only https URLs are fetched\.$/u);
    assert.deepEqual(requests, []);
  });
});
