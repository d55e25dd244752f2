// "Moved" notices (docs/move-aliases.md): who the peers of a pod are (agents of its ACLs and contacts, minus the
// person, classes and groups), the ActivityStreams Move notice, and sending it to each peer's inbox through a
// real local HTTP server (profiles with and without an inbox, redirects, failures, a shared inbox).
import assert from 'node:assert/strict';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
// @ts-expect-error: plain ESM module without type declarations
import * as notifyModule from '../../../bin/lib/pod/notify.mjs';

interface PeerResult { agent: string; inbox: string | null; status: string; reason?: string }
const { peersOf, moveNotice, notifyPeers, isAllowedPeerUrl } = notifyModule as {
  peersOf: (options: { aclTurtles: { url: string; turtle: string }[]; contacts?: string[]; ownWebIds: string[];
    warnings?: string[]; }) => string[];
  moveNotice: (options: Record<string, unknown>) => Record<string, unknown>;
  notifyPeers: (options: Record<string, unknown>) => Promise<PeerResult[]>;
  isAllowedPeerUrl: (url: string) => boolean;
};

const POD = 'https://cartable.example/alice/';
const OLD = `${POD}profile/card#me`;
const NEW = 'https://pods.example/alice/profile/card#me';
const BOB = 'https://cartable.example/bob/profile/card#me';
const CAROL = 'https://other.example/carol#i';
const PREFIX = '@prefix acl: <http://www.w3.org/ns/auth/acl#>. @prefix foaf: <http://xmlns.com/foaf/0.1/>.\n';

describe('peersOf', (): void => {
  it('lists the agents named by acl:agent, without the person, classes and groups', (): void => {
    const peers = peersOf({
      aclTurtles: [
        { url: `${POD}.acl`, turtle: `${PREFIX}<#owner> acl:agent <../alice/profile/card#me>; acl:mode acl:Control.
<#public> acl:agentClass foaf:Agent; acl:mode acl:Read.` },
        { url: `${POD}latin/.acl`, turtle: `${PREFIX}<#owner> acl:agent <${OLD}>, <${NEW}>.
<#share> acl:agent <${BOB}>, <${CAROL}>; acl:mode acl:Read.
<#wrong> acl:agent foaf:Agent, acl:AuthenticatedAgent, <https://cartable.example/groups/4A#members>, <mailto:x@example.org>.
<#class> acl:agentGroup <https://cartable.example/groups/4A#members>.` },
        { url: `${POD}maths/.acl`, turtle: `${PREFIX}<#share> acl:agent <${BOB}>; acl:mode acl:Read.` },
      ],
      ownWebIds: [ OLD, NEW ],
    });
    assert.deepEqual(peers, [ BOB, CAROL ]);
  });

  it('adds the contacts, once', (): void => {
    const peers = peersOf({
      aclTurtles: [{ url: `${POD}.acl`, turtle: `${PREFIX}<#share> acl:agent <${BOB}>.` }],
      contacts: [ BOB, 'https://x.example/dan#me', OLD ],
      ownWebIds: [ OLD ],
    });
    assert.deepEqual(peers, [ BOB, 'https://x.example/dan#me' ]);
  });

  it('skips an ACL that is not Turtle, saying so', (): void => {
    const warnings: string[] = [];
    const peers = peersOf({
      aclTurtles: [
        { url: `${POD}broken/.acl`, turtle: '<#a> acl:agent <' },
        { url: `${POD}.acl`, turtle: `${PREFIX}<#share> acl:agent <${CAROL}>.` },
      ],
      ownWebIds: [ OLD ],
      warnings,
    });
    assert.deepEqual(peers, [ CAROL ]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /broken\/\.acl: not valid Turtle/u);
    assert.deepEqual(peersOf({ aclTurtles: [], ownWebIds: [] }), []);
  });
});

describe('moveNotice', (): void => {
  it('is an ActivityStreams Move from the old pod to the new one, by the old WebID, sameAs the new', (): void => {
    const notice = moveNotice({ oldWebId: OLD, newWebId: NEW, oldPod: POD, newPod: 'https://pods.example/alice/',
      published: new Date('2026-09-01T08:00:00Z') });
    assert.deepEqual({ ...notice, id: undefined }, {
      '@context': [ 'https://www.w3.org/ns/activitystreams', { owl: 'http://www.w3.org/2002/07/owl#' }],
      id: undefined,
      type: 'Move',
      actor: { id: OLD, 'owl:sameAs': { id: NEW }},
      object: POD,
      origin: POD,
      target: 'https://pods.example/alice/',
      published: '2026-09-01T08:00:00.000Z',
      summaryMap: {
        fr: `Ce cartable a déménagé de ${POD} vers https://pods.example/alice/.`,
        en: `This pod moved from ${POD} to https://pods.example/alice/.`,
      },
    });
    assert.match(notice.id as string, /^urn:uuid:[\da-f-]{36}$/u);
    // Same WebID: no sameAs.
    assert.deepEqual(moveNotice({ oldWebId: OLD, newWebId: OLD, oldPod: POD, newPod: 'https://x.example/' }).actor, { id: OLD });
  });

  it('only allows https, or http on localhost', (): void => {
    assert.equal(isAllowedPeerUrl('https://x.example/a#me'), true);
    assert.equal(isAllowedPeerUrl('http://localhost:3000/a#me'), true);
    assert.equal(isAllowedPeerUrl('http://127.0.0.1:3000/a'), true);
    assert.equal(isAllowedPeerUrl('http://x.example/a'), false);
    assert.equal(isAllowedPeerUrl('https://u:p@x.example/a'), false);
    assert.equal(isAllowedPeerUrl('ftp://x.example/a'), false);
    assert.equal(isAllowedPeerUrl('not a url'), false);
  });
});

describe('notifyPeers', (): void => {
  let server: Server;
  let base: string;
  let received: { url: string; type?: string; authorization?: string; body: string }[];

  const profile = (inbox?: string): string =>
    `<#me> a <http://xmlns.com/foaf/0.1/Person>${inbox ? `; <http://www.w3.org/ns/ldp#inbox> <${inbox}>` : ''}.`;

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
    '/bob/card': (_request, response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle' }).end(profile('/bob/inbox/'));
    },
    '/carol/card': (_request, response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle; charset=utf-8' }).end(profile('/shared/inbox/'));
    },
    '/dan/card': (_request, response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle' }).end(profile('/shared/inbox/'));
    },
    '/nobox/card': (_request, response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle' }).end(profile());
    },
    '/moved/card': (_request, response): void => {
      response.writeHead(308, { location: '/bob/card' }).end();
    },
    '/away/card': (_request, response): void => {
      response.writeHead(302, { location: 'http://example.org/card' }).end();
    },
    '/html/card': (_request, response): void => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>');
    },
    '/closed/card': (_request, response): void => {
      response.writeHead(200, { 'content-type': 'text/turtle' }).end(profile('/closed/inbox/'));
    },
    '/slow/card': (): void => {
      // Never answers.
    },
  };

  before(async(): Promise<void> => {
    server = createServer((request, response): void => {
      const url = request.url ?? '';
      if (request.method === 'POST') {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer): void => {
          chunks.push(chunk);
        });
        request.on('end', (): void => {
          received.push({ url, type: request.headers['content-type'], authorization: request.headers.authorization,
            body: Buffer.concat(chunks).toString('utf8') });
          response.writeHead(url.startsWith('/closed/') ? 401 : 201, { location: `${url}n1` }).end();
        });
        return;
      }
      (routes[url] ?? ((_request, answer): void => {
        answer.writeHead(404).end();
      }))(request, response);
    });
    await new Promise<void>((resolve): void => {
      server.listen(0, '127.0.0.1', resolve);
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach((): void => {
    received = [];
  });

  after(async(): Promise<void> => {
    server.closeAllConnections();
    await new Promise((resolve): void => {
      server.close(resolve);
    });
  });

  it('posts the notice to each inbox and reports every peer, whatever happens to the others', async(): Promise<void> => {
    const peers = [ 'bob', 'carol', 'dan', 'nobox', 'moved', 'away', 'html', 'closed', 'missing' ]
      .map((name): string => `${base}/${name}/card#me`);
    peers.push('http://example.org/card#me');
    const results = await notifyPeers({ peers, oldWebId: OLD, newWebId: NEW, oldPod: POD, newPod: 'https://pods.example/alice/',
      timeoutMs: 2000, concurrency: 3 });
    const byName = Object.fromEntries(results.map((result): [string, PeerResult] =>
      [ /\/([^/]+)\/card#me$/u.exec(result.agent)?.[1] ?? result.agent, result ]));
    assert.deepEqual(results.map((result): string => result.agent), peers);
    assert.deepEqual(byName.bob, { agent: `${base}/bob/card#me`, inbox: `${base}/bob/inbox/`, status: 'sent' });
    assert.equal(byName.carol.status, 'sent');
    assert.equal(byName.dan.status, 'sent');
    assert.equal(byName.dan.inbox, `${base}/shared/inbox/`);
    assert.deepEqual(byName.nobox, { agent: `${base}/nobox/card#me`, inbox: null, status: 'no-inbox' });
    // A redirect is followed, but the document it leads to says nothing about the IRI asked for.
    assert.equal(byName.moved.status, 'no-inbox');
    assert.equal(byName.away.status, 'failed');
    assert.match(byName.away.reason!, /redirected to http:\/\/example\.org\/card, which is neither https nor on localhost/u);
    assert.match(byName.html.reason!, /profile: content type "text\/html"/u);
    assert.deepEqual(byName.closed, { agent: `${base}/closed/card#me`, inbox: `${base}/closed/inbox/`, status: 'failed',
      reason: 'inbox: HTTP 401' });
    assert.deepEqual(byName.missing, { agent: `${base}/missing/card#me`, inbox: null, status: 'failed', reason: 'profile: HTTP 404' });
    assert.deepEqual(byName['example.org'], { agent: 'http://example.org/card#me', inbox: null, status: 'failed',
      reason: 'not contacted: neither https nor on localhost' });
    // One notice per inbox: Bob's, the shared one (Carol and Dan), the closed one.
    assert.deepEqual(received.map(({ url }): string => url).sort(), [ '/bob/inbox/', '/closed/inbox/', '/shared/inbox/' ]);
    for (const notice of received) {
      assert.equal(notice.type, 'application/ld+json');
      assert.equal(notice.authorization, undefined);
      const body = JSON.parse(notice.body) as Record<string, unknown>;
      assert.equal(body.type, 'Move');
      assert.deepEqual(body.actor, { id: OLD, 'owl:sameAs': { id: NEW }});
      assert.equal(body.target, 'https://pods.example/alice/');
    }
  });

  it('sends the Authorization header the caller gives for a URL, and gives up on a slow peer', async(): Promise<void> => {
    const results = await notifyPeers({
      peers: [ `${base}/bob/card#me`, `${base}/slow/card#me` ], oldWebId: OLD, oldPod: POD, newPod: 'https://pods.example/alice/',
      authorization: async(url: string): Promise<string | undefined> => url.endsWith('/inbox/') ? 'Bearer t0ken' : undefined,
      timeoutMs: 300,
    });
    assert.equal(results[0].status, 'sent');
    assert.equal(results[1].status, 'failed');
    assert.match(results[1].reason!, /^timeout: reading the profile took more than 0\.3 s$/u);
    assert.equal(received.length, 1);
    assert.equal(received[0].authorization, 'Bearer t0ken');
    assert.deepEqual((JSON.parse(received[0].body) as { actor: unknown }).actor, { id: OLD });
  });
});
