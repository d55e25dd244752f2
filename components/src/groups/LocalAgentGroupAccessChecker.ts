import type { Readable } from 'node:stream';
import type { AccessCheckerArgs, IdentifierStrategy, ResourceIdentifier, ResourceStore } from '@solid/community-server';
import {
  AccessChecker, ACL, createErrorMessage, getLoggerFor, HttpError, INTERNAL_QUADS, promiseSome,
} from '@solid/community-server';
import type { EntIdentityIndex } from './EntIdentityIndex';
import { ExpiringLruCache } from './ExpiringLruCache';
import type { GroupIndex, MemberQuad } from './GroupMembers';
import { readGroupMembers } from './GroupMembers';
import type { SafeGroupFetcher } from './SafeGroupFetcher';

/**
 * What the checker needs of CSS's `MonitoringStore` (`urn:solid-server:default:ResourceStore`): its
 * `changed` event, emitted after every write through the store.
 */
export interface ChangeEmitter {
  on: (event: 'changed', listener: (target: ResourceIdentifier) => void) => unknown;
}

/** Options of a {@link LocalAgentGroupAccessChecker}. */
export interface LocalAgentGroupAccessCheckerArgs {
  /** Where local group documents are read: the top of the store chain (`urn:solid-server:default:ResourceStore`). */
  store: ResourceStore;
  /** Tells whether a group document is hosted by this server. */
  identifierStrategy: IdentifierStrategy;
  /** Emits `changed` for every write through `store` (the same MonitoringStore). */
  emitter: ChangeEmitter;
  /** Finds the ENT identifier of a WebID, for members recorded by ENT identifier. */
  entIdentityIndex: EntIdentityIndex;
  /** How long the members of a local group document are cached, in seconds (default 30). */
  ttlSeconds?: number;
  /** How many group documents are cached at most (default 1000). */
  maxGroupDocuments?: number;
  /** How many members (over all cached documents) are cached at most (default 200,000, some 30 MB). */
  maxCachedMembers?: number;
  /** Larger local group documents, in triples, are refused: they grant nothing (default 50,000). */
  maxTriplesPerDocument?: number;
  /** Fetches group documents of other servers; without it (the default) external groups grant nothing. */
  externalFetcher?: SafeGroupFetcher;
  /** How long the members of an external group document are cached, in seconds (default 300). */
  externalTtlSeconds?: number;
}

interface LoadedGroups {
  groups: GroupIndex;
  ttlMs: number;
}

const NO_GROUPS: GroupIndex = new Map();

/**
 * Replaces CSS's `AgentGroupAccessChecker` (which fetches every group document anonymously over HTTP, so a
 * private group never matches) for WAC `acl:agentGroup` rules:
 * - a group document hosted by this server is read through the resource store, without HTTP and without
 *   WAC: the server evaluates groups on behalf of everyone, so group documents stay private (class lists
 *   of minors) and still work in every ACL that names them;
 * - a member matches by WebID (`vcard:hasMember <webId>`) or, in local documents, by ENT identifier
 *   (`vcard:hasMember [ cartable:entPersonUid "UID" ]`) when the {@link EntIdentityIndex} maps the
 *   requesting WebID to that identifier (people listed by the ENT directory before they have an account);
 * - group documents of other servers are fetched by a {@link SafeGroupFetcher} only when one is configured.
 *
 * The members of each group document are cached for `ttlSeconds`, in an LRU bounded by documents
 * (`maxGroupDocuments`) and by members (`maxCachedMembers`), and dropped as soon as the store reports a
 * write to the document, so a membership change applies at once to every rule naming the group. Read
 * errors are not cached; refusals are, for `ttlSeconds` (a local document over `maxTriplesPerDocument`, a
 * failed external fetch), so that an ACL cannot make the server do expensive work on every request.
 * Invalidation only sees writes through this process's store: with several processes, or edits on disk,
 * a change takes effect within `ttlSeconds`.
 *
 * Known consequence: anyone who can write an ACL (every pod owner) can name a private group they cannot
 * read and learn, from whether a request is allowed, whether the requesting agent is a member of it: their
 * own membership, or that of anyone whose requests to their resources they can observe (an access log):
 * one boolean per request, never the member list. This holds for any document of this server named as a
 * group (only `<group> vcard:hasMember <requester>` can be tested).
 */
export class LocalAgentGroupAccessChecker extends AccessChecker {
  protected readonly logger = getLoggerFor(this);
  private readonly store: ResourceStore;
  private readonly identifierStrategy: IdentifierStrategy;
  private readonly entIdentityIndex: EntIdentityIndex;
  private readonly ttlMs: number;
  private readonly externalFetcher?: SafeGroupFetcher;
  private readonly externalTtlMs: number;
  private readonly maxTriples: number;
  private readonly cache: ExpiringLruCache<GroupIndex>;
  private readonly loading = new Map<string, Promise<LoadedGroups>>();

  /**
   * @param args - See {@link LocalAgentGroupAccessCheckerArgs}.
   */
  public constructor(args: LocalAgentGroupAccessCheckerArgs) {
    super();
    this.store = args.store;
    this.identifierStrategy = args.identifierStrategy;
    this.entIdentityIndex = args.entIdentityIndex;
    this.ttlMs = (args.ttlSeconds ?? 30) * 1000;
    this.externalFetcher = args.externalFetcher;
    this.externalTtlMs = (args.externalTtlSeconds ?? 300) * 1000;
    this.maxTriples = args.maxTriplesPerDocument ?? 50_000;
    this.cache = new ExpiringLruCache(args.maxGroupDocuments ?? 1000, args.maxCachedMembers ?? 200_000);
    args.emitter.on('changed', (target: ResourceIdentifier): void => {
      this.cache.delete(target.path);
      this.loading.delete(target.path);
    });
  }

  public override async handle({ acl, rule, credentials }: AccessCheckerArgs): Promise<boolean> {
    const webId = credentials.agent?.webId;
    if (typeof webId !== 'string') {
      return false;
    }
    const groups = acl.getObjects(rule, ACL.terms.agentGroup, null)
      .filter((group): boolean => group.termType === 'NamedNode');
    return promiseSome(groups.map(async(group): Promise<boolean> => this.isMember(webId, group.value)));
  }

  private async isMember(webId: string, group: string): Promise<boolean> {
    const document = /^[^#]*/u.exec(group)![0];
    const local = this.identifierStrategy.supportsIdentifier({ path: document });
    if (!local && !this.externalFetcher) {
      this.logger.debug(`Not fetching external group ${group}: external groups are disabled`);
      return false;
    }
    let members;
    try {
      members = (await this.groupsIn(document, local)).get(group);
    } catch (error: unknown) {
      // A missing or non-RDF document named by some ACL is that ACL's problem, not the server's.
      const log = HttpError.isInstance(error) && error.statusCode < 500 ? 'debug' : 'warn';
      this.logger[log](`Cannot read group document ${document}: ${createErrorMessage(error)}`);
      return false;
    }
    if (!members) {
      return false;
    }
    if (members.webIds.has(webId)) {
      return true;
    }
    if (members.entUids.size === 0) {
      return false;
    }
    try {
      const uid = await this.entIdentityIndex.entUidOf(webId);
      return uid !== undefined && members.entUids.has(uid);
    } catch (error: unknown) {
      this.logger.warn(`Cannot find the ENT identifier of ${webId}: ${createErrorMessage(error)}`);
      return false;
    }
  }

  /** The groups of a document, from the cache or loaded once however many requests ask at the same time. */
  private async groupsIn(document: string, local: boolean): Promise<GroupIndex> {
    const cached = this.cache.get(document);
    if (cached) {
      return cached;
    }
    let loading = this.loading.get(document);
    if (!loading) {
      const load = this.load(document, local);
      loading = load;
      this.loading.set(document, load);
      // Cache only if no write invalidated the document while it was being read.
      load.then(({ groups, ttlMs }): void => {
        if (this.loading.get(document) === load) {
          this.loading.delete(document);
          let members = 0;
          for (const { webIds, entUids } of groups.values()) {
            members += webIds.size + entUids.size;
          }
          this.cache.set(document, groups, ttlMs, Math.max(1, members));
        }
      }, (): void => {
        if (this.loading.get(document) === load) {
          this.loading.delete(document);
        }
      });
    }
    return (await loading).groups;
  }

  private async load(document: string, local: boolean): Promise<LoadedGroups> {
    if (local) {
      const representation = await this.store.getRepresentation({ path: document }, { type: { [INTERNAL_QUADS]: 1 }});
      const quads = await this.readQuads(representation.data, document);
      return { groups: quads ? readGroupMembers(quads, true) : NO_GROUPS, ttlMs: this.ttlMs };
    }
    try {
      const quads = await this.externalFetcher!.fetchQuads(document);
      return { groups: readGroupMembers(quads, false), ttlMs: this.externalTtlMs };
    } catch (error: unknown) {
      this.logger.warn(`External group document ${document} refused or unavailable: ${createErrorMessage(error)}`);
      return { groups: NO_GROUPS, ttlMs: this.ttlMs };
    }
  }

  /**
   * Reads the quads of a local group document, or `undefined` if it has more than `maxTriplesPerDocument`:
   * a document anyone can write must not cost unbounded time or memory on every check. (Listens to `data`
   * events like CSS's `readableToQuads`: async iteration fails on the `Object.create` wrapper that CSS's
   * `LockingResourceStore` puts around the stream.)
   */
  private async readQuads(data: Readable, document: string): Promise<MemberQuad[] | undefined> {
    return new Promise((resolve, reject): void => {
      const quads: MemberQuad[] = [];
      let refused = false;
      data.on('data', (quad: MemberQuad): void => {
        if (refused) {
          return;
        }
        if (quads.length < this.maxTriples) {
          quads.push(quad);
          return;
        }
        refused = true;
        this.logger.warn(`Group document ${document} has more than ${this.maxTriples} triples: it grants nothing`);
        data.destroy();
        resolve(undefined);
      });
      data.on('error', reject);
      data.on('end', (): void => resolve(quads));
    });
  }
}
