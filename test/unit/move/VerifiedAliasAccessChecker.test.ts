// Verified aliases in WAC: a rule naming <A> grants <N> only when N's profile says sameAs A and A's profile says
// sameAs N; nothing is read when the rule names the requester directly; only the requester's own aliases are
// looked at; moved local pods answer from their move record; results are cached, writes clear the cache.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { DataFactory, Parser, Store } from 'n3';
import type {
  Credentials, IdentifierStrategy, KeyValueStorage, Representation, ResourceIdentifier, ResourceStore,
} from '@solid/community-server';
import { BasicRepresentation, INTERNAL_QUADS, InternalServerError, NotFoundHttpError } from '@solid/community-server';
import type { MemberQuad } from '../../../components/dist/groups/GroupMembers.js';
import type { SafeGroupFetcher } from '../../../components/dist/groups/SafeGroupFetcher.js';
import { MovedPodStore } from '../../../components/dist/move/MovedPodStore.js';
import type { VerifiedAliasAccessCheckerArgs } from '../../../components/dist/move/VerifiedAliasAccessChecker.js';
import { VerifiedAliasAccessChecker } from '../../../components/dist/move/VerifiedAliasAccessChecker.js';

const BASE = 'http://localhost:3000/';
const OLD = `${BASE}alice/profile/card#me`;
const NEW = `${BASE}alice2/profile/card#me`;
const MALLORY = `${BASE}mallory/profile/card#me`;
const BOB = `${BASE}bob/profile/card#me`;
const REMOTE = 'https://pods.example/alice/profile/card#me';
const ACL = 'http://www.w3.org/ns/auth/acl#';
const OWL = '@prefix owl: <http://www.w3.org/2002/07/owl#>.\n';
const { namedNode, quad } = DataFactory;

const doc = (webId: string): string => webId.replace(/#.*$/u, '');
const sameAs = (...targets: string[]): string => `${OWL}<#me> a <http://xmlns.com/foaf/0.1/Person>${
  targets.map((target): string => `; owl:sameAs <${target}>`).join('')}.`;

/** A resource store holding Turtle documents, answering in internal/quads, counting reads. */
class FakeStore {
  public readonly documents = new Map<string, string>();
  public readonly reads: string[] = [];
  public failWith?: Error;

  public async getRepresentation(identifier: ResourceIdentifier): Promise<Representation> {
    this.reads.push(identifier.path);
    if (this.failWith) {
      throw this.failWith;
    }
    const turtle = this.documents.get(identifier.path);
    if (turtle === undefined) {
      throw new NotFoundHttpError();
    }
    const quads = new Parser({ baseIRI: identifier.path }).parse(turtle);
    const { data, metadata } = new BasicRepresentation(quads, identifier, INTERNAL_QUADS);
    // Like CSS's LockingResourceStore wrapper, on which async iteration fails.
    const wrapped = Object.create(data, { read: { value: (size?: number): unknown => data.read(size) }}) as typeof data;
    return new BasicRepresentation(wrapped, metadata);
  }
}

class FakeFetcher {
  public readonly documents = new Map<string, string>();
  public readonly fetched: string[] = [];

  public async fetchQuads(url: string): Promise<MemberQuad[]> {
    this.fetched.push(url);
    const turtle = this.documents.get(url);
    if (turtle === undefined) {
      throw new Error(`Profile ${url}: HTTP 404.`);
    }
    return new Parser({ baseIRI: url }).parse(turtle);
  }
}

/** An ACL with one rule naming the given agents (and a public rule, which must not matter). */
function aclNaming(...agents: string[]): { acl: Store; rule: ReturnType<typeof namedNode> } {
  const rule = namedNode(`${BASE}bob/notes/.acl#shared`);
  const acl = new Store([
    quad(rule, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${ACL}Authorization`)),
    ...agents.map((agent) => quad(rule, namedNode(`${ACL}agent`), namedNode(agent))),
  ]);
  return { acl, rule };
}

const as = (webId?: string): Credentials => webId ? { agent: { webId }} : {};

describe('VerifiedAliasAccessChecker', (): void => {
  let store: FakeStore;
  let fetcher: FakeFetcher;
  let emitter: EventEmitter;
  let movedPods: MovedPodStore;
  const identifierStrategy = {
    supportsIdentifier: (identifier: ResourceIdentifier): boolean => identifier.path.startsWith(BASE),
  } as IdentifierStrategy;

  function checker(options: Partial<VerifiedAliasAccessCheckerArgs> = {}): VerifiedAliasAccessChecker {
    return new VerifiedAliasAccessChecker({
      store: store as unknown as ResourceStore,
      identifierStrategy,
      emitter,
      movedPods,
      baseUrl: BASE,
      fetcher: fetcher as unknown as SafeGroupFetcher,
      ...options,
    });
  }

  async function allowed(subject: VerifiedAliasAccessChecker, webId: string | undefined, ...agents: string[]):
  Promise<boolean> {
    const { acl, rule } = aclNaming(...agents);
    return subject.handleSafe({ acl, rule, credentials: as(webId) });
  }

  beforeEach(async(): Promise<void> => {
    store = new FakeStore();
    fetcher = new FakeFetcher();
    emitter = new EventEmitter();
    const map = new Map<string, unknown>();
    const storage = Object.assign(map, { entries: async function* entries(): AsyncIterableIterator<[string, unknown]> {
      yield* Map.prototype.entries.call(map);
    } }) as unknown as KeyValueStorage<string, unknown>;
    movedPods = new MovedPodStore(storage, 3600);
    await movedPods.handle();
    store.documents.set(doc(OLD), sameAs(NEW));
    store.documents.set(doc(NEW), sameAs(OLD));
    store.documents.set(doc(BOB), sameAs());
    mock.timers.enable({ apis: [ 'Date' ], now: 5_000_000 });
  });

  afterEach((): void => {
    mock.timers.reset();
  });

  it('grants a rule naming A to N when both profiles confirm', async(): Promise<void> => {
    const subject = checker();
    assert.equal(await allowed(subject, NEW, OLD), true);
    assert.equal(await allowed(subject, NEW, BOB, OLD), true);
    // Symmetric: the old WebID reaches what names the new one.
    assert.equal(await allowed(subject, OLD, NEW), true);
  });

  it('refuses a one-sided claim, in either direction', async(): Promise<void> => {
    // Mallory claims to be Alice; Alice's profile says nothing about Mallory.
    store.documents.set(doc(MALLORY), sameAs(OLD));
    const subject = checker();
    assert.equal(await allowed(subject, MALLORY, OLD), false);
    // Alice claims Bob; Bob's profile does not claim Alice back.
    store.documents.set(doc(OLD), sameAs(NEW, BOB));
    const other = checker();
    assert.equal(await allowed(other, OLD, BOB), false);
  });

  it('refuses unrelated and anonymous agents, and rules naming no agent', async(): Promise<void> => {
    const subject = checker();
    assert.equal(await allowed(subject, BOB, OLD), false);
    assert.equal(await allowed(subject, undefined, OLD), false);
    assert.equal(await allowed(subject, NEW), false);
  });

  it('reads nothing when the rule names the requester directly, or names no agent', async(): Promise<void> => {
    const subject = checker();
    // AgentAccessChecker grants these; this checker says no without any I/O.
    assert.equal(await allowed(subject, NEW, NEW), false);
    assert.equal(await allowed(subject, NEW, OLD, NEW), false);
    assert.equal(await allowed(subject, NEW), false);
    assert.equal(await allowed(subject, undefined, OLD), false);
    assert.deepEqual(store.reads, []);
    assert.deepEqual(fetcher.fetched, []);
  });

  it('only follows aliases the requester declares, never other agents of the rule', async(): Promise<void> => {
    const subject = checker();
    assert.equal(await allowed(subject, BOB, OLD, `${BASE}carol/profile/card#me`), false);
    // Bob's own profile was read; the agents of the rule were not.
    assert.deepEqual(store.reads, [ doc(BOB) ]);
  });

  it('only counts sameAs statements about the WebID itself', async(): Promise<void> => {
    // The new profile states sameAs about another subject: not a claim of NEW.
    store.documents.set(doc(NEW), `${OWL}<#other> owl:sameAs <${OLD}>. <#me> a <http://xmlns.com/foaf/0.1/Person>.`);
    assert.equal(await allowed(checker(), NEW, OLD), false);
  });

  it('caches profiles, positive and negative, for their time to live', async(): Promise<void> => {
    const subject = checker({ ttlSeconds: 300, negativeTtlSeconds: 60 });
    assert.equal(await allowed(subject, NEW, OLD), true);
    assert.equal(await allowed(subject, BOB, OLD), false);
    const reads = store.reads.length;
    assert.equal(await allowed(subject, NEW, OLD), true);
    assert.equal(await allowed(subject, BOB, OLD), false);
    assert.equal(store.reads.length, reads);
    // The negative entry expires first.
    mock.timers.tick(61_000);
    assert.equal(await allowed(subject, BOB, OLD), false);
    assert.equal(store.reads.length, reads + 1);
    assert.equal(await allowed(subject, NEW, OLD), true);
    assert.equal(store.reads.length, reads + 1);
    mock.timers.tick(240_000);
    assert.equal(await allowed(subject, NEW, OLD), true);
    assert.equal(store.reads.length, reads + 3);
  });

  it('forgets a local profile as soon as it is written', async(): Promise<void> => {
    const subject = checker();
    assert.equal(await allowed(subject, NEW, OLD), true);
    store.documents.set(doc(OLD), sameAs());
    emitter.emit('changed', { path: doc(OLD) });
    assert.equal(await allowed(subject, NEW, OLD), false);
  });

  it('answers a moved local pod from its move record, not from the store', async(): Promise<void> => {
    // Alice's pod moved away; the store still has her old profile, without sameAs.
    store.documents.set(doc(OLD), sameAs());
    await movedPods.set({ pod: `${BASE}alice/`, newPod: `${BASE}alice2/`, newWebId: NEW, movedAt: 0, graceDays: 30 });
    const subject = checker();
    assert.equal(await allowed(subject, NEW, OLD), true);
    assert.equal(store.reads.includes(doc(OLD)), false);
    // Other documents of a moved pod are redirected: they state nothing.
    store.documents.set(doc(NEW), sameAs(`${BASE}alice/other#me`));
    const other = checker();
    assert.equal(await allowed(other, NEW, `${BASE}alice/other#me`), false);
    // A pod that moved without a new WebID confirms nobody.
    await movedPods.set({ pod: `${BASE}alice/`, newPod: `${BASE}alice2/`, movedAt: 0, graceDays: 30 });
    store.documents.set(doc(NEW), sameAs(OLD));
    assert.equal(await allowed(checker(), NEW, OLD), false);
  });

  it('fetches profiles of other servers through the fetcher only', async(): Promise<void> => {
    // Alice moved to another server: her new profile there claims the old WebID, the old one claims it back.
    store.documents.set(doc(OLD), sameAs(REMOTE));
    fetcher.documents.set(doc(REMOTE), sameAs(OLD));
    assert.equal(await allowed(checker(), REMOTE, OLD), true);
    assert.deepEqual(fetcher.fetched, [ doc(REMOTE) ]);
    // Without a fetcher, other servers' profiles state nothing.
    assert.equal(await allowed(checker({ fetcher: undefined }), REMOTE, OLD), false);
    // A refused fetch is a "no", remembered for the negative time to live.
    fetcher.documents.delete(doc(REMOTE));
    const subject = checker();
    assert.equal(await allowed(subject, REMOTE, OLD), false);
    assert.equal(await allowed(subject, REMOTE, OLD), false);
    assert.equal(fetcher.fetched.filter((url): boolean => url === doc(REMOTE)).length, 2);
  });

  it('does not remember server errors, and ignores profiles over the limits', async(): Promise<void> => {
    store.failWith = new InternalServerError('disk');
    const subject = checker();
    assert.equal(await allowed(subject, NEW, OLD), false);
    store.failWith = undefined;
    assert.equal(await allowed(subject, NEW, OLD), true);
    // Too many triples: no alias.
    store.documents.set(doc(NEW), `${sameAs(OLD)}\n${Array.from({ length: 20 }, (_, i): string => `<#t${i}> a <#T>.`).join('\n')}`);
    assert.equal(await allowed(checker({ maxTriplesPerProfile: 10 }), NEW, OLD), false);
    // Only the first maxAliasesPerProfile statements count.
    store.documents.set(doc(NEW), sameAs(BOB, `${BASE}x#me`, OLD));
    assert.equal(await allowed(checker({ maxAliasesPerProfile: 2 }), NEW, OLD), false);
    assert.equal(await allowed(checker({ maxAliasesPerProfile: 3 }), NEW, OLD), true);
  });

  it('loads a profile once for concurrent checks', async(): Promise<void> => {
    const subject = checker();
    const results = await Promise.all(Array.from({ length: 5 }, async(): Promise<boolean> => allowed(subject, NEW, OLD)));
    assert.deepEqual(results, [ true, true, true, true, true ]);
    assert.equal(store.reads.filter((path): boolean => path === doc(NEW)).length, 1);
  });
});
