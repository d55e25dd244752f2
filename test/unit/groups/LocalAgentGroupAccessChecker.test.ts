// Deciding acl:agentGroup rules: private local groups read through the store (no HTTP), members by WebID
// or by ENT identifier, a cache that a write clears at once, and external groups only when enabled.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { DataFactory, Parser, Store } from 'n3';
import type {
  Credentials, IdentifierStrategy, Representation, RepresentationPreferences, ResourceIdentifier, ResourceStore,
} from '@solid/community-server';
import { BasicRepresentation, INTERNAL_QUADS, NotFoundHttpError } from '@solid/community-server';
import type { EntIdentityIndex } from '../../../components/dist/groups/EntIdentityIndex.js';
import type { MemberQuad } from '../../../components/dist/groups/GroupMembers.js';
import type { LocalAgentGroupAccessCheckerArgs } from '../../../components/dist/groups/LocalAgentGroupAccessChecker.js';
import { LocalAgentGroupAccessChecker } from '../../../components/dist/groups/LocalAgentGroupAccessChecker.js';
import { NoEntIdentityIndex } from '../../../components/dist/groups/NoEntIdentityIndex.js';
import type { SafeGroupFetcher } from '../../../components/dist/groups/SafeGroupFetcher.js';

const BASE = 'http://localhost:3000/';
const CLASS_DOC = `${BASE}groups/0350000A/4A`;
const CLASS = `${CLASS_DOC}#members`;
const ALICE = `${BASE}alice/profile/card#me`;
const BOB = `${BASE}bob/profile/card#me`;
const CAROL = `${BASE}carol/profile/card#me`;
const EXTERNAL_DOC = 'https://other.example/groups/latin';
const PREFIXES = '@prefix vcard: <http://www.w3.org/2006/vcard/ns#>. @prefix cartable: <https://w3id.org/cartable/ns#>.\n';
const ACL = 'http://www.w3.org/ns/auth/acl#';
const { namedNode, quad } = DataFactory;

const groupTurtle = (members: string): string => `${PREFIXES}<#members> a vcard:Group${members ? `; vcard:hasMember ${members}` : ''}.`;

/** A resource store holding Turtle documents, answering in internal/quads like CSS's store chain, counting reads. */
class FakeStore {
  public readonly documents = new Map<string, string>();
  public readonly reads: string[] = [];
  public readonly preferences: RepresentationPreferences[] = [];
  public failWith?: Error;
  /** When set, reads wait for it, to test concurrent checks. */
  public gate?: Promise<void>;

  public async getRepresentation(identifier: ResourceIdentifier, preferences: RepresentationPreferences):
  Promise<Representation> {
    this.reads.push(identifier.path);
    this.preferences.push(preferences);
    // The document as it was when the read started: a write while waiting does not change what is returned.
    const turtle = this.documents.get(identifier.path);
    await this.gate;
    if (this.failWith) {
      throw this.failWith;
    }
    if (turtle === undefined) {
      throw new NotFoundHttpError();
    }
    const quads = new Parser({ baseIRI: identifier.path }).parse(turtle);
    const { data, metadata } = new BasicRepresentation(quads, identifier, INTERNAL_QUADS);
    // The same wrapper as CSS's LockingResourceStore (it resets the lock timer on each read): some stream
    // APIs, such as async iteration, fail on it.
    const wrapped = Object.create(data, { read: { value: (size?: number): unknown => data.read(size) }}) as typeof data;
    return new BasicRepresentation(wrapped, metadata);
  }
}

class FakeEntIndex implements EntIdentityIndex {
  public readonly uids = new Map<string, string>();
  public calls = 0;
  public failure?: Error;

  public async entUidOf(webId: string): Promise<string | undefined> {
    this.calls += 1;
    if (this.failure) {
      throw this.failure;
    }
    return this.uids.get(webId);
  }
}

class FakeFetcher {
  public readonly documents = new Map<string, string>();
  public readonly fetched: string[] = [];

  public async fetchQuads(url: string): Promise<MemberQuad[]> {
    this.fetched.push(url);
    const turtle = this.documents.get(url);
    if (turtle === undefined) {
      throw new Error(`Group document ${url}: HTTP 404.`);
    }
    return new Parser({ baseIRI: url }).parse(turtle);
  }
}

/** An ACL with one rule naming the given groups. */
function aclNaming(...groups: string[]): { acl: Store; rule: ReturnType<typeof namedNode> } {
  const rule = namedNode(`${BASE}teacher/drive/devoirs/.acl#class`);
  const acl = new Store([
    quad(rule, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${ACL}Authorization`)),
    ...groups.map((group) => quad(rule, namedNode(`${ACL}agentGroup`), namedNode(group))),
  ]);
  return { acl, rule };
}

const as = (webId?: string): Credentials => webId ? { agent: { webId }} : {};

describe('LocalAgentGroupAccessChecker', (): void => {
  let store: FakeStore;
  let emitter: EventEmitter;
  let entIndex: FakeEntIndex;
  const identifierStrategy = {
    supportsIdentifier: (identifier: ResourceIdentifier): boolean => identifier.path.startsWith(BASE),
  } as IdentifierStrategy;

  function checker(options: Partial<LocalAgentGroupAccessCheckerArgs> = {}): LocalAgentGroupAccessChecker {
    return new LocalAgentGroupAccessChecker({
      store: store as unknown as ResourceStore, identifierStrategy, emitter, entIdentityIndex: entIndex, ...options,
    });
  }

  async function allowed(subject: LocalAgentGroupAccessChecker, webId: string | undefined, ...groups: string[]):
  Promise<boolean> {
    const { acl, rule } = aclNaming(...groups);
    return subject.handleSafe({ acl, rule, credentials: as(webId) });
  }

  beforeEach((): void => {
    store = new FakeStore();
    emitter = new EventEmitter();
    entIndex = new FakeEntIndex();
    store.documents.set(CLASS_DOC, groupTurtle(`<${ALICE}>, [ cartable:entPersonUid "UID-CAROL" ]`));
    mock.timers.enable({ apis: [ 'Date' ], now: 5_000_000 });
  });

  afterEach((): void => {
    mock.timers.reset();
  });

  it('lets a member in and keeps others and anonymous agents out', async(): Promise<void> => {
    const subject = checker();
    assert.equal(await allowed(subject, ALICE, CLASS), true);
    assert.equal(await allowed(subject, BOB, CLASS), false);
    assert.equal(await allowed(subject, undefined, CLASS), false);
  });

  it('reads a local group document through the store as quads, whatever its ACL says', async(): Promise<void> => {
    await allowed(checker(), ALICE, CLASS);
    assert.deepEqual(store.reads, [ CLASS_DOC ]);
    assert.deepEqual(store.preferences, [{ type: { [INTERNAL_QUADS]: 1 }}]);
  });

  it('does not read anything for an anonymous agent', async(): Promise<void> => {
    await allowed(checker(), undefined, CLASS);
    assert.deepEqual(store.reads, []);
  });

  it('only matches the group named by the rule, not other groups of the document', async(): Promise<void> => {
    store.documents.set(CLASS_DOC, `${PREFIXES}<#teachers> vcard:hasMember <${ALICE}>. <#members> vcard:hasMember <${BOB}>.`);
    const subject = checker();
    assert.equal(await allowed(subject, ALICE, CLASS), false);
    assert.equal(await allowed(subject, ALICE, `${CLASS_DOC}#teachers`), true);
  });

  it('allows when any of the groups named by the rule has the agent', async(): Promise<void> => {
    store.documents.set(`${BASE}groups/0350000A/latin`, groupTurtle(`<${BOB}>`));
    const subject = checker();
    assert.equal(await allowed(subject, BOB, CLASS, `${BASE}groups/0350000A/latin#members`), true);
    assert.equal(await allowed(subject, CAROL, CLASS, `${BASE}groups/0350000A/latin#members`), false);
  });

  it('reads each group document once while cached, then again after the time to live', async(): Promise<void> => {
    const subject = checker({ ttlSeconds: 30 });
    for (let i = 0; i < 5; i++) {
      assert.equal(await allowed(subject, i % 2 === 0 ? ALICE : BOB, CLASS), i % 2 === 0);
    }
    assert.equal(store.reads.length, 1);
    mock.timers.tick(29_000);
    await allowed(subject, ALICE, CLASS);
    assert.equal(store.reads.length, 1);
    mock.timers.tick(1_000);
    await allowed(subject, ALICE, CLASS);
    assert.equal(store.reads.length, 2);
  });

  it('applies a membership change at once when the store reports a write to the document', async(): Promise<void> => {
    const subject = checker({ ttlSeconds: 3600 });
    assert.equal(await allowed(subject, ALICE, CLASS), true);
    assert.equal(await allowed(subject, BOB, CLASS), false);
    store.documents.set(CLASS_DOC, groupTurtle(`<${BOB}>`));
    emitter.emit('changed', { path: CLASS_DOC }, undefined, undefined);
    assert.equal(await allowed(subject, ALICE, CLASS), false);
    assert.equal(await allowed(subject, BOB, CLASS), true);
  });

  it('ignores writes to other resources', async(): Promise<void> => {
    const subject = checker();
    await allowed(subject, ALICE, CLASS);
    emitter.emit('changed', { path: `${BASE}groups/0350000A/` }, undefined, undefined);
    emitter.emit('changed', { path: `${CLASS_DOC}.acl` }, undefined, undefined);
    await allowed(subject, ALICE, CLASS);
    assert.equal(store.reads.length, 1);
  });

  it('does not cache a failed read', async(): Promise<void> => {
    const subject = checker();
    store.failWith = new Error('disk unavailable');
    assert.equal(await allowed(subject, ALICE, CLASS), false);
    store.failWith = undefined;
    assert.equal(await allowed(subject, ALICE, CLASS), true);
    const missing = `${BASE}groups/0350000A/5B#members`;
    assert.equal(await allowed(subject, ALICE, missing), false);
    store.documents.set(`${BASE}groups/0350000A/5B`, groupTurtle(`<${ALICE}>`));
    assert.equal(await allowed(subject, ALICE, missing), true, 'a group created after a 404 counts at once');
  });

  it('reads a document once for concurrent checks', async(): Promise<void> => {
    const subject = checker();
    let open!: () => void;
    store.gate = new Promise((resolve): void => {
      open = resolve;
    });
    const checks = [ ALICE, BOB, ALICE, CAROL ].map(async(webId): Promise<boolean> => allowed(subject, webId, CLASS));
    open();
    assert.deepEqual(await Promise.all(checks), [ true, false, true, false ]);
    assert.equal(store.reads.length, 1);
  });

  it('does not cache a read that a write overtook', async(): Promise<void> => {
    const subject = checker({ ttlSeconds: 3600 });
    let open!: () => void;
    store.gate = new Promise((resolve): void => {
      open = resolve;
    });
    const stale = allowed(subject, ALICE, CLASS);
    await new Promise((resolve): void => {
      setImmediate(resolve);
    });
    store.documents.set(CLASS_DOC, groupTurtle(`<${BOB}>`));
    emitter.emit('changed', { path: CLASS_DOC }, undefined, undefined);
    open();
    assert.equal(await stale, true, 'the check that started before the write sees the old members');
    store.gate = undefined;
    assert.equal(await allowed(subject, ALICE, CLASS), false);
    assert.equal(await allowed(subject, BOB, CLASS), true);
  });

  it('keeps at most maxGroupDocuments documents cached', async(): Promise<void> => {
    for (const name of [ 'a', 'b', 'c' ]) {
      store.documents.set(`${BASE}groups/S/${name}`, groupTurtle(`<${ALICE}>`));
    }
    const subject = checker({ maxGroupDocuments: 2 });
    for (const name of [ 'a', 'b', 'c', 'c', 'b' ]) {
      await allowed(subject, ALICE, `${BASE}groups/S/${name}#members`);
    }
    assert.deepEqual(store.reads, [ `${BASE}groups/S/a`, `${BASE}groups/S/b`, `${BASE}groups/S/c` ]);
    await allowed(subject, ALICE, `${BASE}groups/S/a#members`);
    assert.equal(store.reads.length, 4, 'the least recently used document was dropped');
  });

  it('refuses a local group document with more than maxTriplesPerDocument triples, until it changes', async(): Promise<void> => {
    const many = Array.from({ length: 20 }, (_, i): string => `<https://p${i}.example/card#me>`).join(', ');
    store.documents.set(CLASS_DOC, groupTurtle(`<${ALICE}>, ${many}`));
    const subject = checker({ maxTriplesPerDocument: 10 });
    assert.equal(await allowed(subject, ALICE, CLASS), false);
    assert.equal(await allowed(subject, ALICE, CLASS), false);
    assert.equal(store.reads.length, 1, 'the refusal is cached: a huge document is not parsed on every request');
    store.documents.set(CLASS_DOC, groupTurtle(`<${ALICE}>`));
    emitter.emit('changed', { path: CLASS_DOC }, undefined, undefined);
    assert.equal(await allowed(subject, ALICE, CLASS), true);
  });

  it('keeps at most maxCachedMembers members cached, still deciding correctly beyond', async(): Promise<void> => {
    const many = Array.from({ length: 20 }, (_, i): string => `<https://p${i}.example/card#me>`).join(', ');
    store.documents.set(`${BASE}groups/S/big`, groupTurtle(`<${ALICE}>, ${many}`));
    const subject = checker({ maxCachedMembers: 10 });
    assert.equal(await allowed(subject, ALICE, `${BASE}groups/S/big#members`), true);
    assert.equal(await allowed(subject, ALICE, `${BASE}groups/S/big#members`), true);
    assert.equal(store.reads.length, 2, 'a group larger than the budget is read every time, not cached');
    assert.equal(await allowed(subject, ALICE, CLASS), true);
    assert.equal(await allowed(subject, ALICE, CLASS), true);
    assert.equal(store.reads.length, 3, 'a small group is cached');
  });

  describe('members recorded by ENT identifier', (): void => {
    it('lets a person in once the index maps their WebID to a listed ENT identifier', async(): Promise<void> => {
      const subject = checker();
      assert.equal(await allowed(subject, CAROL, CLASS), false);
      entIndex.uids.set(CAROL, 'UID-CAROL');
      assert.equal(await allowed(subject, CAROL, CLASS), true);
      entIndex.uids.set(BOB, 'UID-BOB');
      assert.equal(await allowed(subject, BOB, CLASS), false);
    });

    it('does not ask the index when the WebID is listed or the group lists no ENT identifier', async(): Promise<void> => {
      const subject = checker();
      await allowed(subject, ALICE, CLASS);
      store.documents.set(`${BASE}groups/S/x`, groupTurtle(`<${ALICE}>`));
      await allowed(subject, BOB, `${BASE}groups/S/x#members`);
      assert.equal(entIndex.calls, 0);
    });

    it('refuses when the index fails', async(): Promise<void> => {
      entIndex.uids.set(CAROL, 'UID-CAROL');
      entIndex.failure = new Error('directory down');
      assert.equal(await allowed(checker(), CAROL, CLASS), false);
    });

    it('matches nobody by ENT identifier with the placeholder index', async(): Promise<void> => {
      assert.equal(await new NoEntIdentityIndex().entUidOf(CAROL), undefined);
      assert.equal(await allowed(checker({ entIdentityIndex: new NoEntIdentityIndex() }), CAROL, CLASS), false);
    });
  });

  describe('groups on other servers', (): void => {
    let fetcher: FakeFetcher;
    beforeEach((): void => {
      fetcher = new FakeFetcher();
      fetcher.documents.set(EXTERNAL_DOC, groupTurtle(`<${BOB}>, [ cartable:entPersonUid "UID-CAROL" ]`));
    });

    it('grant nothing and are not fetched by default', async(): Promise<void> => {
      assert.equal(await allowed(checker(), BOB, `${EXTERNAL_DOC}#members`), false);
      assert.deepEqual(store.reads, []);
    });

    it('are fetched by the configured fetcher, never read from the store', async(): Promise<void> => {
      const subject = checker({ externalFetcher: fetcher as unknown as SafeGroupFetcher });
      assert.equal(await allowed(subject, BOB, `${EXTERNAL_DOC}#members`), true);
      assert.equal(await allowed(subject, ALICE, `${EXTERNAL_DOC}#members`), false);
      assert.deepEqual(fetcher.fetched, [ EXTERNAL_DOC ]);
      assert.deepEqual(store.reads, []);
    });

    it('do not match by ENT identifier', async(): Promise<void> => {
      entIndex.uids.set(CAROL, 'UID-CAROL');
      const subject = checker({ externalFetcher: fetcher as unknown as SafeGroupFetcher });
      assert.equal(await allowed(subject, CAROL, `${EXTERNAL_DOC}#members`), false);
    });

    it('are cached for externalTtlSeconds; a refused fetch for ttlSeconds', async(): Promise<void> => {
      const subject = checker({ externalFetcher: fetcher as unknown as SafeGroupFetcher, ttlSeconds: 30, externalTtlSeconds: 300 });
      await allowed(subject, BOB, `${EXTERNAL_DOC}#members`);
      mock.timers.tick(299_000);
      await allowed(subject, BOB, `${EXTERNAL_DOC}#members`);
      assert.equal(fetcher.fetched.length, 1);
      mock.timers.tick(1_000);
      await allowed(subject, BOB, `${EXTERNAL_DOC}#members`);
      assert.equal(fetcher.fetched.length, 2);

      const broken = 'https://down.example/g';
      for (let i = 0; i < 3; i++) {
        assert.equal(await allowed(subject, BOB, `${broken}#members`), false);
      }
      assert.equal(fetcher.fetched.filter((url): boolean => url === broken).length, 1, 'a failure is not retried on every request');
      mock.timers.tick(30_000);
      await allowed(subject, BOB, `${broken}#members`);
      assert.equal(fetcher.fetched.filter((url): boolean => url === broken).length, 2);
    });
  });
});
