import type { Readable } from 'node:stream';
import type { AccessCheckerArgs, IdentifierStrategy, ResourceStore } from '@solid/community-server';
import {
  AccessChecker, ACL, createErrorMessage, ensureTrailingSlash, getLoggerFor, HttpError, INTERNAL_QUADS, promiseSome,
} from '@solid/community-server';
import { ExpiringLruCache } from '../groups/ExpiringLruCache';
import type { MemberQuad } from '../groups/GroupMembers';
import type { ChangeEmitter } from '../groups/LocalAgentGroupAccessChecker';
import type { SafeGroupFetcher } from '../groups/SafeGroupFetcher';
import type { MovedPodStore } from './MovedPodStore';

export const OWL_SAME_AS = 'http://www.w3.org/2002/07/owl#sameAs';

/** Options of a {@link VerifiedAliasAccessChecker}. */
export interface VerifiedAliasAccessCheckerArgs {
  /** Where local profile documents are read: the top of the store chain (`urn:solid-server:default:ResourceStore`). */
  store: ResourceStore;
  /** Tells whether a profile document is hosted by this server. */
  identifierStrategy: IdentifierStrategy;
  /** Emits `changed` for every write through `store`: a local profile's cached aliases are dropped at once. */
  emitter?: ChangeEmitter;
  /** The pods that moved away: their profile is served from the move record, not from the store. */
  movedPods?: MovedPodStore;
  /** The server's base URL; pods are `<baseUrl><name>/` (needed with `movedPods`). */
  baseUrl?: string;
  /** The WebID profile document of a pod, relative to the pod (default `profile/card`, WebID `<…>#me`). */
  profilePath?: string;
  /** Fetches profiles of other servers; without it, only WebIDs of this server can be aliases. */
  fetcher?: SafeGroupFetcher;
  /** How long the aliases found in a profile are kept, in seconds (default 300). */
  ttlSeconds?: number;
  /** How long a profile with no alias, or that could not be read, is remembered so, in seconds (default 60). */
  negativeTtlSeconds?: number;
  /** How many profile documents are cached at most (default 10,000). */
  maxProfiles?: number;
  /** Larger local profile documents, in triples, give no alias (default 10,000). */
  maxTriplesPerProfile?: number;
  /** At most this many `owl:sameAs` statements of a profile are considered (default 20). */
  maxAliasesPerProfile?: number;
}

/** The `owl:sameAs` statements of one profile document: subject → objects. */
type Aliases = Map<string, Set<string>>;

const NO_ALIASES: Aliases = new Map();
const NONE = new Set<string>();

interface LoadedAliases {
  aliases: Aliases;
  ttlMs: number;
}

/**
 * Grants a WAC rule naming `acl:agent <A>` to a requesting agent `<N>` (N ≠ A) when both WebID profiles
 * confirm they are the same person: N's profile document states `<N> owl:sameAs <A>` **and** A's profile
 * document states `<A> owl:sameAs <N>` (docs/move-aliases.md). This is what keeps old shares working after a
 * pod and its WebID moved: the old profile stays served with `owl:sameAs <new>`, the new one says
 * `owl:sameAs <old>`. A one-sided claim grants nothing: anyone can write `owl:sameAs` in their own profile.
 *
 * It sits next to CSS's `AgentAccessChecker` in the WAC reader's `BooleanHandler` and costs nothing when the
 * rule names the requester directly (that checker grants it) or names no agent. Otherwise only the aliases
 * that the requester's own profile declares are considered, and only those also named by the rule are
 * checked back: agents named in ACLs are never fetched on their own account.
 *
 * Profiles of this server are read through the store (no HTTP, no WAC), or from the move record when their
 * pod moved away (the served profile is then generated, {@link MovedPodHttpHandler}). Profiles of other
 * servers are fetched by a {@link SafeGroupFetcher} (https from public addresses only, a timeout and a size
 * cap) when one is configured. Results are cached per profile document, with aliases for `ttlSeconds`,
 * without (or unreadable) for `negativeTtlSeconds`; a write to a local profile through this process's store
 * drops its entry at once.
 */
export class VerifiedAliasAccessChecker extends AccessChecker {
  protected readonly logger = getLoggerFor(this);
  private readonly store: ResourceStore;
  private readonly identifierStrategy: IdentifierStrategy;
  private readonly movedPods?: MovedPodStore;
  private readonly baseUrl?: string;
  private readonly profilePath: string;
  private readonly fetcher?: SafeGroupFetcher;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxTriples: number;
  private readonly maxAliases: number;
  private readonly cache: ExpiringLruCache<Aliases>;
  private readonly loading = new Map<string, Promise<LoadedAliases>>();

  /**
   * @param args - See {@link VerifiedAliasAccessCheckerArgs}.
   */
  public constructor(args: VerifiedAliasAccessCheckerArgs) {
    super();
    this.store = args.store;
    this.identifierStrategy = args.identifierStrategy;
    this.movedPods = args.movedPods;
    this.baseUrl = args.baseUrl === undefined ? undefined : ensureTrailingSlash(args.baseUrl);
    this.profilePath = args.profilePath ?? 'profile/card';
    this.fetcher = args.fetcher;
    this.ttlMs = (args.ttlSeconds ?? 300) * 1000;
    this.negativeTtlMs = (args.negativeTtlSeconds ?? 60) * 1000;
    this.maxTriples = args.maxTriplesPerProfile ?? 10_000;
    this.maxAliases = args.maxAliasesPerProfile ?? 20;
    this.cache = new ExpiringLruCache(args.maxProfiles ?? 10_000);
    args.emitter?.on('changed', (target): void => {
      this.cache.delete(target.path);
      this.loading.delete(target.path);
    });
  }

  public override async handle({ acl, rule, credentials }: AccessCheckerArgs): Promise<boolean> {
    const webId = credentials.agent?.webId;
    if (typeof webId !== 'string') {
      return false;
    }
    const agents = acl.getObjects(rule, ACL.terms.agent, null);
    if (agents.length === 0 || agents.some((agent): boolean => agent.value === webId)) {
      // No agent named, or named directly: AgentAccessChecker decides.
      return false;
    }
    const claimed = await this.aliasesOf(webId);
    if (claimed.size === 0) {
      return false;
    }
    const candidates = agents.filter((agent): boolean => agent.termType === 'NamedNode' && claimed.has(agent.value));
    return promiseSome(candidates.map(async({ value }): Promise<boolean> => {
      const confirmed = (await this.aliasesOf(value)).has(webId);
      if (confirmed) {
        this.logger.debug(`${webId} is granted a rule naming ${value}: both profiles state owl:sameAs`);
      }
      return confirmed;
    }));
  }

  /** The IRIs that the profile document of `webId` says `webId` is `owl:sameAs`. Never throws. */
  public async aliasesOf(webId: string): Promise<Set<string>> {
    const document = /^[^#]*/u.exec(webId)![0];
    const moved = this.movedProfile(document);
    if (moved) {
      return moved.get(webId) ?? NONE;
    }
    try {
      return (await this.profileAliases(document)).get(webId) ?? NONE;
    } catch (error: unknown) {
      this.logger.warn(`Cannot read the aliases of ${webId}: ${createErrorMessage(error)}`);
      return NONE;
    }
  }

  /**
   * The aliases stated by the served profile of a local pod that moved away, or `undefined` when `document` is
   * not in a moved pod. A document of a moved pod other than its profile is redirected: it states nothing.
   */
  private movedProfile(document: string): Aliases | undefined {
    if (!this.movedPods || !this.baseUrl || !document.startsWith(this.baseUrl)) {
      return undefined;
    }
    const slash = document.indexOf('/', this.baseUrl.length);
    if (slash < 0) {
      return undefined;
    }
    const record = this.movedPods.find(document.slice(0, slash + 1));
    if (!record) {
      return undefined;
    }
    if (document !== `${record.pod}${this.profilePath}` || !record.newWebId) {
      return NO_ALIASES;
    }
    return new Map([[ `${document}#me`, new Set([ record.newWebId ]) ]]);
  }

  /** The `owl:sameAs` statements of a profile document, from the cache or loaded once for concurrent checks. */
  private async profileAliases(document: string): Promise<Aliases> {
    const cached = this.cache.get(document);
    if (cached) {
      return cached;
    }
    let loading = this.loading.get(document);
    if (!loading) {
      const load = this.load(document);
      loading = load;
      this.loading.set(document, load);
      // Cache only if no write invalidated the document while it was being read.
      load.then(({ aliases, ttlMs }): void => {
        if (this.loading.get(document) === load) {
          this.loading.delete(document);
          this.cache.set(document, aliases, ttlMs);
        }
      }, (): void => {
        if (this.loading.get(document) === load) {
          this.loading.delete(document);
        }
      });
    }
    return (await loading).aliases;
  }

  private async load(document: string): Promise<LoadedAliases> {
    let quads: MemberQuad[] | undefined;
    if (this.identifierStrategy.supportsIdentifier({ path: document })) {
      try {
        const representation = await this.store.getRepresentation({ path: document },
          { type: { [INTERNAL_QUADS]: 1 }});
        quads = await this.readQuads(representation.data, document);
      } catch (error: unknown) {
        if (!HttpError.isInstance(error) || error.statusCode >= 500) {
          // Not remembered: the next request tries again.
          throw error;
        }
        this.logger.debug(`No profile at ${document}: ${createErrorMessage(error)}`);
      }
    } else if (this.fetcher) {
      try {
        quads = await this.fetcher.fetchQuads(document);
      } catch (error: unknown) {
        this.logger.warn(`Profile ${document} refused or unavailable: ${createErrorMessage(error)}`);
      }
    } else {
      this.logger.debug(`Not fetching profile ${document}: profiles of other servers are not fetched`);
    }
    const aliases = quads ? this.sameAs(quads) : NO_ALIASES;
    return { aliases, ttlMs: aliases.size > 0 ? this.ttlMs : this.negativeTtlMs };
  }

  /** The first `maxAliasesPerProfile` `owl:sameAs` statements between named nodes. */
  private sameAs(quads: MemberQuad[]): Aliases {
    const aliases: Aliases = new Map();
    let count = 0;
    for (const { subject, predicate, object } of quads) {
      if (predicate.value !== OWL_SAME_AS || subject.termType !== 'NamedNode' || object.termType !== 'NamedNode' ||
        subject.value === object.value) {
        continue;
      }
      if (count >= this.maxAliases) {
        break;
      }
      count += 1;
      let objects = aliases.get(subject.value);
      if (!objects) {
        objects = new Set();
        aliases.set(subject.value, objects);
      }
      objects.add(object.value);
    }
    return aliases;
  }

  /**
   * Reads the quads of a local profile, or `undefined` if it has more than `maxTriplesPerProfile` (its owner
   * writes it: it must not cost unbounded time or memory). Listens to `data` events as CSS's `readableToQuads`
   * does (see {@link LocalAgentGroupAccessChecker}).
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
        this.logger.warn(`Profile ${document} has more than ${this.maxTriples} triples: it states no alias`);
        data.destroy();
        resolve(undefined);
      });
      data.on('error', reject);
      data.on('end', (): void => resolve(quads));
    });
  }
}
