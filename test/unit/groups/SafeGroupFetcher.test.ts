// Fetching group documents of other servers without becoming a proxy into the server's own network:
// https only, every resolved address checked and the checked one connected to, redirects re-checked,
// timeout, size cap, Turtle or JSON-LD without remote contexts.
// Only loopback servers are used: the positive path runs against an https server on 127.0.0.1 with a
// fetcher whose address check accepts exactly 127.0.0.1; nothing else is ever contacted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { MemberQuad } from '../../../components/dist/groups/GroupMembers.js';
import { readGroupMembers } from '../../../components/dist/groups/GroupMembers.js';
import type { ResolvedAddress, SafeGroupFetcherArgs } from '../../../components/dist/groups/SafeGroupFetcher.js';
import { SafeGroupFetcher } from '../../../components/dist/groups/SafeGroupFetcher.js';

const CERT = readFileSync(new URL('fixtures/test-only-localhost-cert.pem', import.meta.url), 'utf8');
const KEY = readFileSync(new URL('fixtures/test-only-localhost-key.pem', import.meta.url), 'utf8');
const MEMBER = 'https://pupil.example/profile/card#me';
const TURTLE = `@prefix vcard: <http://www.w3.org/2006/vcard/ns#>.\n<#members> a vcard:Group; vcard:hasMember <${MEMBER}>.\n`;

/** A fetcher for tests: trusts the test certificate, accepts only 127.0.0.1, resolves only the names it is given. */
class LoopbackFetcher extends SafeGroupFetcher {
  public readonly names: Record<string, string[]>;
  public readonly resolved: string[] = [];

  public constructor(args: SafeGroupFetcherArgs = {}, names: Record<string, string[]> = {}) {
    super({ extraCaCertificates: CERT, ...args });
    this.names = names;
  }

  protected override isAllowedAddress(address: string): boolean {
    return address === '127.0.0.1';
  }

  protected override async resolveHost(hostname: string): Promise<ResolvedAddress[]> {
    this.resolved.push(hostname);
    if (isIP(hostname) !== 0) {
      return super.resolveHost(hostname);
    }
    const addresses = this.names[hostname];
    if (!addresses) {
      throw new Error(`test resolver: unknown host ${hostname}`);
    }
    return addresses.map((address): ResolvedAddress => ({ address, family: isIP(address) }));
  }
}

function members(quads: MemberQuad[], document: string): string[] {
  return [ ...readGroupMembers(quads, false).get(`${document}#members`)?.webIds ?? [] ];
}

describe('SafeGroupFetcher', (): void => {
  let https: HttpsServer;
  let http: HttpServer;
  let origin: string;
  let httpOrigin: string;
  let port: number;
  let requests: string[];
  let connections: number;
  let httpRequests: string[];

  const routes: Record<string, (response: ServerResponse) => void> = {
    '/class': (response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle; charset=utf-8' }).end(TURTLE);
    },
    '/class.jsonld': (response): void => {
      response.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify({
        '@context': { vcard: 'http://www.w3.org/2006/vcard/ns#', hasMember: { '@id': 'vcard:hasMember', '@type': '@id' }},
        '@id': '#members',
        hasMember: MEMBER,
      }));
    },
    '/remote-context.jsonld': (response): void => {
      response.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify({
        '@context': [ `${httpOrigin}context.jsonld`, { x: 'https://x.example/' }],
        '@id': '#members',
      }));
    },
    '/imported-context.jsonld': (response): void => {
      response.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify({
        '@context': { '@import': `${httpOrigin}context.jsonld` },
        '@id': '#members',
      }));
    },
    '/page': (response): void => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>not a group</p>');
    },
    '/big': (response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle', 'content-length': '300' }).end('#'.repeat(300));
    },
    '/big-chunked': (response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle' });
      for (let i = 0; i < 10; i++) {
        response.write('#'.repeat(50));
      }
      response.end();
    },
    '/gzip': (response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle', 'content-encoding': 'gzip' }).end('x');
    },
    '/slow': (): void => {
      // Never answers.
    },
    '/missing': (response): void => {
      response.writeHead(404).end();
    },
    '/redirect-local': (response): void => {
      response.writeHead(302, { location: '/class' }).end();
    },
    '/redirect-name': (response): void => {
      response.writeHead(307, { location: `https://groups.example.test:${port}/class` }).end();
    },
    '/redirect-http': (response): void => {
      response.writeHead(301, { location: `${httpOrigin}class` }).end();
    },
    '/redirect-refused-address': (response): void => {
      response.writeHead(302, { location: `https://127.0.0.2:${port}/class` }).end();
    },
    '/redirect-loop': (response): void => {
      response.writeHead(302, { location: '/redirect-loop' }).end();
    },
  };

  before(async(): Promise<void> => {
    https = createHttpsServer({ key: KEY, cert: CERT }, (request: IncomingMessage, response: ServerResponse): void => {
      requests.push(request.url ?? '');
      (routes[request.url ?? ''] ?? routes['/missing'])(response);
    });
    https.on('connection', (): void => {
      connections += 1;
    });
    http = createHttpServer((request, response): void => {
      httpRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'text/turtle' }).end(TURTLE);
    });
    await new Promise<void>((resolve): void => {
      https.listen(0, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve): void => {
      http.listen(0, '127.0.0.1', resolve);
    });
    port = (https.address() as AddressInfo).port;
    origin = `https://127.0.0.1:${port}/`;
    httpOrigin = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  });

  beforeEach((): void => {
    requests = [];
    connections = 0;
    httpRequests = [];
  });

  after(async(): Promise<void> => {
    https.closeAllConnections();
    http.closeAllConnections();
    await new Promise((resolve): void => {
      https.close(resolve);
    });
    await new Promise((resolve): void => {
      http.close(resolve);
    });
  });

  describe('with the default address check', (): void => {
    it('refuses loopback addresses without connecting', async(): Promise<void> => {
      const fetcher = new SafeGroupFetcher({ extraCaCertificates: CERT });
      await assert.rejects(fetcher.fetchQuads(`${origin}class#members`),
        /127\.0\.0\.1, which is not a public address/u);
      await assert.rejects(fetcher.fetchQuads(`https://[::1]:${port}/class`), /::1, which is not a public address/u);
      assert.equal(connections, 0);
    });

    it('refuses http URLs without connecting', async(): Promise<void> => {
      await assert.rejects(new SafeGroupFetcher().fetchQuads(`${httpOrigin}class`), /only https URLs are fetched/u);
      assert.deepEqual(httpRequests, []);
    });
  });

  it('fetches a Turtle group document over https from an allowed address', async(): Promise<void> => {
    const quads = await new LoopbackFetcher().fetchQuads(`${origin}class#members`);
    assert.deepEqual(members(quads, `${origin}class`), [ MEMBER ]);
    assert.deepEqual(requests, [ '/class' ]);
  });

  it('fetches a JSON-LD group document with an inline context', async(): Promise<void> => {
    const quads = await new LoopbackFetcher().fetchQuads(`${origin}class.jsonld`);
    assert.deepEqual(members(quads, `${origin}class.jsonld`), [ MEMBER ]);
  });

  it('refuses JSON-LD that needs a remote context, without fetching the context', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher();
    await assert.rejects(fetcher.fetchQuads(`${origin}remote-context.jsonld`), /remote @context is not accepted/u);
    await assert.rejects(fetcher.fetchQuads(`${origin}imported-context.jsonld`), /remote @context is not accepted/u);
    assert.deepEqual(httpRequests, []);
  });

  it('connects to the address it checked, not to a second DNS answer', async(): Promise<void> => {
    // groups.example.test exists only in the test resolver: a second resolution by Node would fail.
    const fetcher = new LoopbackFetcher({}, { 'groups.example.test': [ '127.0.0.1' ]});
    const url = `https://groups.example.test:${port}/class`;
    assert.deepEqual(members(await fetcher.fetchQuads(url), url), [ MEMBER ]);
    assert.deepEqual(fetcher.resolved, [ 'groups.example.test' ]);
  });

  it('checks the certificate against the host name', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher({}, { 'wrong.example.test': [ '127.0.0.1' ]});
    await assert.rejects(fetcher.fetchQuads(`https://wrong.example.test:${port}/class`), /altnames|certificate/iu);
    await assert.rejects(new LoopbackFetcher({ extraCaCertificates: '' }).fetchQuads(`${origin}class`),
      /self-signed|certificate/iu);
  });

  it('refuses a host when any of its addresses is refused, without connecting', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher({}, { 'groups.example.test': [ '127.0.0.1', '127.0.0.2' ]});
    await assert.rejects(fetcher.fetchQuads(`https://groups.example.test:${port}/class`),
      /groups\.example\.test resolves to 127\.0\.0\.2, which is not a public address/u);
    assert.equal(connections, 0);
  });

  it('follows redirects to allowed https addresses', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher({}, { 'groups.example.test': [ '127.0.0.1' ]});
    const quads = await fetcher.fetchQuads(`${origin}redirect-name`);
    assert.deepEqual(members(quads, `https://groups.example.test:${port}/class`), [ MEMBER ]);
    assert.deepEqual(members(await fetcher.fetchQuads(`${origin}redirect-local`), `${origin}class`), [ MEMBER ]);
  });

  it('refuses redirects to refused addresses or to http', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher();
    await assert.rejects(fetcher.fetchQuads(`${origin}redirect-refused-address`), /127\.0\.0\.2, which is not a public address/u);
    await assert.rejects(fetcher.fetchQuads(`${origin}redirect-http`), /only https URLs are fetched/u);
    assert.deepEqual(requests, [ '/redirect-refused-address', '/redirect-http' ]);
    assert.deepEqual(httpRequests, []);
  });

  it('stops after maxRedirects redirects', async(): Promise<void> => {
    await assert.rejects(new LoopbackFetcher({ maxRedirects: 2 }).fetchQuads(`${origin}redirect-loop`),
      /more than 2 redirects/u);
    assert.equal(requests.length, 3);
  });

  it('gives up after the time limit', async(): Promise<void> => {
    const started = Date.now();
    await assert.rejects(new LoopbackFetcher({ timeoutMs: 300 }).fetchQuads(`${origin}slow`), /timeout/u);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 2000, `${elapsed} ms`);
  });

  it('refuses bodies larger than maxBytes, declared or not', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher({ maxBytes: 100 });
    await assert.rejects(fetcher.fetchQuads(`${origin}big`), /300 bytes, more than the 100 accepted/u);
    await assert.rejects(fetcher.fetchQuads(`${origin}big-chunked`), /more than the 100 bytes accepted/u);
  });

  it('refuses other content types, encodings and error statuses', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher();
    await assert.rejects(fetcher.fetchQuads(`${origin}page`), /content type "text\/html", expected text\/turtle or application\/ld\+json/u);
    await assert.rejects(fetcher.fetchQuads(`${origin}gzip`), /unexpected content encoding "gzip"/u);
    await assert.rejects(fetcher.fetchQuads(`${origin}missing`), /HTTP 404/u);
  });

  it('refuses URLs with credentials and things that are not URLs', async(): Promise<void> => {
    const fetcher = new LoopbackFetcher();
    await assert.rejects(fetcher.fetchQuads(`https://user:secret@127.0.0.1:${port}/class`), /URLs with credentials are not fetched/u);
    await assert.rejects(fetcher.fetchQuads('not a url'), /is not a URL/u);
    assert.equal(connections, 0);
  });
});
