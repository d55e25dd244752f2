import type { CredentialsExtractor, HttpHandlerInput, HttpRequest, HttpResponse } from '@solid/community-server';
import { getLoggerFor, HttpHandler, NotImplementedHttpError } from '@solid/community-server';
import type { EntCatalogueApp } from './EntCatalogueApps';
import { toLauncherApps } from './EntCatalogueApps';
import { EntCatalogueCache } from './EntCatalogueCache';
import type { EntCatalogueClient } from './EntCatalogueClient';
import { EntCatalogueProblem } from './EntCatalogueProblem';
import { EntCatalogueTokens } from './EntCatalogueTokens';
import type { EntOidcClient } from './EntOidcClient';
import type { EntPersonIndex } from './EntPersonIndex';
import type { EntTokenVault } from './EntTokenVault';

/**
 * `GET /.cartable/ent/apps`: the ENT applications of the person the request's Solid-OIDC token (DPoP or
 * Bearer, as the home app's `session.fetch` sends it) belongs to, for the home page's launcher, as
 * `{"apps": [EntCatalogueApp…]}` with favourites first.
 *
 * WebID → ENT person: {@link EntPersonIndex}. Then the person's ENT tokens ({@link EntCatalogueTokens}) and catalogue ({@link EntCatalogueClient}), kept a few
 * minutes per person ({@link EntCatalogueCache}).
 *
 * Answers are `Cache-Control: no-store`; failures are RFC 9457 problems ({@link EntCatalogueProblem}):
 * 401 without valid credentials, 404 when the server has no ENT or the account has no ENT login (a
 * password-only account), 502/503 when the ENT refuses or does not answer. CORS preflights are answered
 * by CSS's CORS middleware before this handler.
 */
export class EntCatalogueHandler extends HttpHandler {
  protected readonly logger = getLoggerFor(this);
  private readonly credentialsExtractor: CredentialsExtractor;
  private readonly people: EntPersonIndex;
  private readonly oidcClient: EntOidcClient;
  private readonly catalogue: EntCatalogueClient;
  private readonly tokens: EntCatalogueTokens;
  private readonly cache: EntCatalogueCache<EntCatalogueApp[]>;
  private readonly path: string;

  /**
   * @param credentialsExtractor - CSS's credentials extractor (`urn:solid-server:default:CredentialsExtractor`).
   * @param people - WebID → ENT person.
   * @param vault - The ENT tokens of each person.
   * @param oidcClient - The ENT's OpenID client (refreshes tokens; disabled when no ENT is configured).
   * @param catalogue - Reads catalogues from the ENT.
   * @param baseUrl - The server's base URL; the endpoint is `<base>.cartable/ent/apps`.
   * @param cacheTtlMs - How long a person's catalogue is served from memory.
   * @param cacheSize - How many people's catalogues are kept at most.
   */
  public constructor(credentialsExtractor: CredentialsExtractor, people: EntPersonIndex, vault: EntTokenVault,
    oidcClient: EntOidcClient,
    catalogue: EntCatalogueClient, baseUrl: string, cacheTtlMs = 5 * 60 * 1000, cacheSize = 1000) {
    super();
    this.credentialsExtractor = credentialsExtractor;
    this.people = people;
    this.oidcClient = oidcClient;
    this.catalogue = catalogue;
    this.tokens = new EntCatalogueTokens(vault, oidcClient);
    this.cache = new EntCatalogueCache(cacheTtlMs, cacheSize);
    this.path = `${new URL(baseUrl).pathname}.cartable/ent/apps`;
  }

  public override async canHandle({ request }: HttpHandlerInput): Promise<void> {
    if ((request.url ?? '/').split(/[?#]/u)[0] !== this.path) {
      throw new NotImplementedHttpError(`Only ${this.path} is the ENT launcher`);
    }
  }

  public override async handle({ request, response }: HttpHandlerInput): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Allow', 'GET, HEAD, OPTIONS');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new EntCatalogueProblem('method-not-allowed', `${request.method} is not allowed here: use GET`);
      }
      if (!this.oidcClient.enabled) {
        throw new EntCatalogueProblem('ent-not-configured', 'This Cartable server is not connected to a school ENT');
      }
      const uid = await this.entPersonOf(await this.webIdOf(request));
      const apps = await this.cache.get(uid, async(): Promise<EntCatalogueApp[]> => this.load(uid));
      this.send(response, request.method, 200, 'application/json', { apps });
    } catch (error: unknown) {
      const problem = error instanceof EntCatalogueProblem ? error :
        new EntCatalogueProblem('ent-bad-response', 'The ENT applications could not be read', { cause: error });
      if (!(error instanceof EntCatalogueProblem)) {
        this.logger.error(`ENT launcher failure: ${(error as Error).message}`);
      }
      if (problem.statusCode === 401) {
        response.setHeader('WWW-Authenticate', 'DPoP algs="ES256 PS256", Bearer');
      }
      this.send(response, request.method, problem.statusCode, 'application/problem+json', problem.toProblem());
    }
  }

  /** The WebID the request's Solid-OIDC credentials prove. */
  private async webIdOf(request: HttpRequest): Promise<string> {
    let webId: string | undefined;
    try {
      webId = (await this.credentialsExtractor.handleSafe(request)).agent?.webId;
    } catch (error: unknown) {
      throw new EntCatalogueProblem('unauthenticated', `The credentials were refused: ${(error as Error).message}`);
    }
    if (!webId) {
      throw new EntCatalogueProblem('unauthenticated', 'Sign in: the ENT applications need a Solid-OIDC access token');
    }
    return webId;
  }

  /** The ENT person of the accounts that WebID is linked to. */
  private async entPersonOf(webId: string): Promise<string> {
    const uids = await this.people.entUidsOf(webId);
    const [ uid, ...others ] = uids;
    if (!uid) {
      throw new EntCatalogueProblem('ent-not-linked', `The account of ${webId} is not linked to an ENT: sign in with the ENT to see its applications`);
    }
    if (others.length > 0) {
      throw new EntCatalogueProblem('ent-ambiguous', `${webId} is linked to ${uids.length} ENT identities; unlink all but one`);
    }
    return uid;
  }

  /** The person's launcher list from the ENT. */
  private async load(uid: string): Promise<EntCatalogueApp[]> {
    const token = await this.tokens.accessToken(uid);
    try {
      return toLauncherApps(await this.catalogue.applications(uid, token));
    } catch (error: unknown) {
      if (!(error instanceof EntCatalogueProblem && error.kind === 'ent-sign-in-required')) {
        throw error;
      }
      // The ENT refused a token it had announced as valid (revoked, or expired early): renew it once.
      return toLauncherApps(await this.catalogue.applications(uid, await this.tokens.accessToken(uid, true)));
    }
  }

  private send(response: HttpResponse, method: string | undefined, status: number, type: string, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)) });
    response.end(method === 'HEAD' ? undefined : text);
  }
}
