import type {
  CookieStore,
  ExpiringStorage,
  OperationHttpHandlerInput,
  ProviderFactory,
} from '@solid/community-server';
import {
  getLoggerFor,
  guardedStreamFrom,
  HttpError,
  OperationHttpHandler,
  readableToString,
  RepresentationMetadata,
  ResponseDescription,
  SOLID_HTTP,
} from '@solid/community-server';
import { DataFactory } from 'n3';
import type { EntAccountProvisioner } from './EntAccountProvisioner';
import type { EntDirectoryView } from './EntContacts';
import type { EntDirectorySync } from './EntDirectorySync';
import type { EntInstitutionalSync } from './EntInstitutionalSync';
import type { EntOidcClient } from './EntOidcClient';
import { EntAuthenticationHttpError, randomToken } from './EntOidcClient';
import type { EntTokenVault } from './EntTokenVault';
import { cookieValue } from '../util/Cookies';
import { errorPage, pageLanguage, refusedPage, termsPage } from './EntPages';
import type { PageLanguage } from './EntPages';

/** A sign-in started at the ENT, waiting for its callback (keyed by `state`). */
interface PendingSignIn {
  codeVerifier: string;
  nonce: string;
  interactionUid?: string;
}

/** A person back from the ENT for the first time, waiting for their decision on the terms. */
interface PendingSignup {
  uid: string;
  claims: Record<string, unknown>;
  interactionUid?: string;
  browserKey: string;
}

/** Cookie binding a pending sign-up to the browser that made it. */
const SIGNUP_COOKIE = 'cartable-ent-signup';
/** Set by the logged-out page: the next ENT sign-in on this browser asks for the password again. */
export const RELOGIN_COOKIE = 'cartable-ent-relogin';
/** Ten minutes to finish each step. */
const STEP_TTL_MS = 10 * 60 * 1000;

/**
 * "Se connecter avec Toutatice": the ENT login method, beside CSS's password login.
 *
 * It decorates CSS's `IdentityProviderHttpHandler` (everything under `/.account/`) and answers three routes
 * itself, because they need the raw query string, real redirects and cookies:
 * - `GET /.account/login/ent/` starts the authorization code flow (PKCE, state, nonce kept server side with
 *   the OIDC interaction they belong to);
 * - `GET /.account/login/ent/callback/` checks state (one use), the interaction, the ID token and nonce;
 *   a known ENT person is signed in (CSS account cookie) and the interaction resumes; a new one sees the terms;
 * - `GET|POST /.account/login/ent/terms/` shows the terms and takes the decision: accepting creates the
 *   account and pod (once, see {@link EntAccountProvisioner}); refusing stores nothing.
 * Everything else goes to CSS unchanged.
 */
export class EntLoginHttpHandler extends OperationHttpHandler {
  protected readonly logger = getLoggerFor(this);
  private readonly source: OperationHttpHandler;
  private readonly providerFactory: ProviderFactory;
  private readonly cookieStore: CookieStore;
  private readonly client: EntOidcClient;
  private readonly provisioner: EntAccountProvisioner;
  private readonly pending: ExpiringStorage<string, unknown>;
  private readonly vault: EntTokenVault;
  private readonly directory: EntDirectorySync;
  private readonly institutional: EntInstitutionalSync;
  private readonly baseUrl: string;

  /**
   * @param source - CSS's identity provider handler.
   * @param providerFactory - Gives the OIDC provider, to read the current interaction.
   * @param cookieStore - Creates CSS account cookies.
   * @param client - The ENT OpenID Connect client.
   * @param provisioner - Creates or finds the person's account.
   * @param pending - Expiring storage for sign-ins and sign-ups in progress.
   * @param vault - Keeps the ENT tokens (encrypted) for the directory sync and the launcher.
   * @param directory - Syncs the person's groups and contacts at each sign-in.
   * @param institutional - Syncs the person's school from the institutional export (parents' access).
   * @param baseUrl - The server's base URL.
   */
  public constructor(source: OperationHttpHandler, providerFactory: ProviderFactory, cookieStore: CookieStore,
    client: EntOidcClient, provisioner: EntAccountProvisioner, pending: ExpiringStorage<string, unknown>,
    vault: EntTokenVault, directory: EntDirectorySync, institutional: EntInstitutionalSync, baseUrl: string) {
    super();
    this.source = source;
    this.providerFactory = providerFactory;
    this.cookieStore = cookieStore;
    this.client = client;
    this.provisioner = provisioner;
    this.pending = pending;
    this.vault = vault;
    this.directory = directory;
    this.institutional = institutional;
    this.baseUrl = baseUrl;
  }

  private get routes(): { start: string; callback: string; terms: string } {
    const start = `${this.baseUrl}.account/login/ent/`;
    return { start, callback: `${start}callback/`, terms: `${start}terms/` };
  }

  public override async canHandle(input: OperationHttpHandlerInput): Promise<void> {
    if (!this.isOurs(input.operation.target.path)) {
      await this.source.canHandle(input);
    }
  }

  public override async handle(input: OperationHttpHandlerInput): Promise<ResponseDescription> {
    const path = input.operation.target.path;
    if (!this.isOurs(path)) {
      return this.source.handle(input);
    }
    const query = new URL(input.request.url ?? '/', 'http://localhost').searchParams;
    const lang = pageLanguage(input.request.headers.cookie, query.get('lang'));
    input.response.setHeader('Cache-Control', 'no-store');
    try {
      if (!this.client.enabled) {
        throw new HttpError(404, 'NotFoundHttpError', 'No ENT is configured on this server');
      }
      const method = input.operation.method;
      if (path === this.routes.start && method === 'GET') {
        return await this.start(input);
      }
      if (path === this.routes.callback && method === 'GET') {
        return await this.callback(input, query, lang);
      }
      if (path === this.routes.terms && method === 'GET') {
        return await this.showTerms(input, query, lang);
      }
      if (path === this.routes.terms && method === 'POST') {
        return await this.decide(input, lang);
      }
      throw new HttpError(405, 'MethodNotAllowedHttpError', `${method} is not allowed on ${path}`);
    } catch (error: unknown) {
      return this.failure(error, lang);
    }
  }

  private isOurs(path: string): boolean {
    return path === this.routes.start || path === this.routes.callback || path === this.routes.terms;
  }

  private async interactionUid(input: OperationHttpHandlerInput): Promise<string | undefined> {
    try {
      const provider = await this.providerFactory.getProvider();
      return (await provider.interactionDetails(input.request, input.response)).uid;
    } catch {
      return undefined;
    }
  }

  private async start(input: OperationHttpHandlerInput): Promise<ResponseDescription> {
    const state = randomToken();
    const pending: PendingSignIn = {
      codeVerifier: randomToken(48),
      nonce: randomToken(),
      interactionUid: await this.interactionUid(input),
    };
    // After a Cartable logout on this browser the ENT must ask for the password again, even if its own
    // session was kept (the person chose to stay signed in at the ENT's logout page): a shared computer.
    const forceLogin = cookieValue(input.request.headers.cookie, RELOGIN_COOKIE) === '1';
    const location = await this.client.authorizationUrl(state, pending.nonce, pending.codeVerifier, forceLogin);
    await this.pending.set(`signin-${state}`, pending, STEP_TTL_MS);
    if (forceLogin) {
      input.response.setHeader('Set-Cookie', `${RELOGIN_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`);
    }
    return this.redirect(location);
  }

  private async callback(input: OperationHttpHandlerInput, query: URLSearchParams, lang: PageLanguage):
  Promise<ResponseDescription> {
    const state = query.get('state') ?? '';
    const stored = state ? await this.pending.get(`signin-${state}`) as PendingSignIn | undefined : undefined;
    if (!stored) {
      throw new HttpError(400, 'ExpiredSignInHttpError', 'Unknown, used or expired sign-in state');
    }
    await this.pending.delete(`signin-${state}`);
    const interactionUid = await this.interactionUid(input);
    if (stored.interactionUid && stored.interactionUid !== interactionUid) {
      throw new EntAuthenticationHttpError('The ENT sign-in came back to another browser session than the one that started it');
    }
    if (query.get('error')) {
      throw new EntAuthenticationHttpError(`The ENT refused the sign-in: ${query.get('error')}`);
    }
    const code = query.get('code');
    if (!code) {
      throw new EntAuthenticationHttpError('The ENT callback has no code');
    }
    const identity = await this.client.exchangeCode(code, stored.codeVerifier, stored.nonce);
    await this.vault.set(identity.uid, {
      accessToken: identity.accessToken,
      refreshToken: identity.refreshToken,
      idToken: identity.idToken,
      expiresAt: identity.expiresAt,
    });
    const accountId = await this.provisioner.find(identity.uid);
    if (accountId) {
      await this.syncDirectory(identity.uid, accountId);
      return this.signIn(input, accountId);
    }
    const token = randomToken();
    const browserKey = randomToken();
    const signup: PendingSignup = { uid: identity.uid, claims: identity.claims, interactionUid, browserKey };
    await this.pending.set(`signup-${token}`, signup, STEP_TTL_MS);
    const response = this.redirect(`${this.routes.terms}?token=${encodeURIComponent(token)}${lang === 'en' ? '&lang=en' : ''}`);
    input.response.setHeader('Set-Cookie', `${SIGNUP_COOKIE}=${browserKey}; Path=/.account/login/ent/; HttpOnly; SameSite=Lax; Max-Age=600`);
    return response;
  }

  private async showTerms(input: OperationHttpHandlerInput, query: URLSearchParams, lang: PageLanguage):
  Promise<ResponseDescription> {
    const token = query.get('token') ?? '';
    const signup = await this.signupFor(input, token);
    const other = new URL(this.routes.terms);
    other.search = new URLSearchParams({ token, lang: lang === 'fr' ? 'en' : 'fr' }).toString();
    return this.html(200, termsPage(lang, {
      token,
      action: this.routes.terms,
      name: signup.claims.given_name as string | undefined,
      termsVersion: this.provisioner.currentTermsVersion,
      otherLanguageUrl: other.href,
    }));
  }

  private async decide(input: OperationHttpHandlerInput, lang: PageLanguage): Promise<ResponseDescription> {
    const body = new URLSearchParams(await readableToString(input.operation.body.data));
    const token = body.get('token') ?? '';
    const signup = await this.signupFor(input, token);
    await this.pending.delete(`signup-${token}`);
    input.response.setHeader('Set-Cookie', `${SIGNUP_COOKIE}=; Path=/.account/login/ent/; HttpOnly; SameSite=Lax; Max-Age=0`);
    if (body.get('decision') !== 'accept') {
      await this.vault.delete(signup.uid);
      this.logger.info('An ENT person refused the terms; nothing was stored');
      return this.html(200, refusedPage(lang, this.baseUrl));
    }
    const view = await this.directoryView(signup.uid);
    const place = view ? this.directory.schoolOf(view, signup.uid) : {};
    const { accountId } = await this.provisioner.provision(signup.uid, signup.claims, 'self', { ...place });
    await this.syncDirectory(signup.uid, accountId, view);
    return this.signIn(input, accountId, signup.interactionUid);
  }

  /** The person's directory view, or `undefined` when the ENT's contacts API fails (the sign-in goes on). */
  private async directoryView(uid: string): Promise<EntDirectoryView | undefined> {
    try {
      return await this.directory.fetchView(uid);
    } catch (error: unknown) {
      this.logger.warn(`The ENT directory could not be read at sign-in: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Best effort: groups and contacts are refreshed at each sign-in; a failure never blocks signing in. */
  private async syncDirectory(uid: string, accountId: string, view?: EntDirectoryView): Promise<void> {
    try {
      const pod = await this.provisioner.podOf(accountId);
      const current = view ?? await this.directory.fetchView(uid);
      if (pod) {
        const report = await this.directory.syncPerson(uid, pod, current);
        this.logger.info(`Directory sync: ${report.groups} groups, ${report.contacts} contacts, ${report.skipped.length} skipped`);
      }
      const { schoolId } = this.directory.schoolOf(current, uid);
      if (schoolId) {
        // In the background: the school's export (parents' access) must not slow the sign-in down.
        void this.institutional.requestPerson(schoolId, uid);
      }
    } catch (error: unknown) {
      this.logger.warn(`Directory sync failed at sign-in: ${(error as Error).message}`);
    }
  }

  private async signupFor(input: OperationHttpHandlerInput, token: string): Promise<PendingSignup> {
    const signup = token ? await this.pending.get(`signup-${token}`) as PendingSignup | undefined : undefined;
    if (!signup || cookieValue(input.request.headers.cookie, SIGNUP_COOKIE) !== signup.browserKey) {
      throw new HttpError(400, 'ExpiredSignInHttpError', 'Unknown, used or expired sign-up');
    }
    return signup;
  }

  /** Sets the CSS account cookie and resumes the OIDC interaction (or goes home without one). */
  private async signIn(input: OperationHttpHandlerInput, accountId: string, expectedInteraction?: string):
  Promise<ResponseDescription> {
    const cookie = await this.cookieStore.generate(accountId);
    const previous = input.operation.body.metadata.get(SOLID_HTTP.terms.accountCookie)?.value;
    if (previous) {
      await this.cookieStore.delete(previous);
    }
    let location = this.baseUrl;
    try {
      const provider = await this.providerFactory.getProvider();
      const interaction = await provider.interactionDetails(input.request, input.response);
      if (!expectedInteraction || interaction.uid === expectedInteraction) {
        // Let the provider re-run its policy with the new account cookie (CSS's own login handlers do this).
        interaction.result = { ...interaction.lastSubmission };
        await interaction.persist();
        location = interaction.returnTo;
      }
    } catch {
      // No OIDC interaction: a direct sign-in, which lands on the home page.
    }
    const response = this.redirect(location);
    response.metadata!.add(SOLID_HTTP.terms.accountCookie, cookie);
    return response;
  }

  private redirect(location: string): ResponseDescription {
    const metadata = new RepresentationMetadata();
    metadata.add(SOLID_HTTP.terms.location, DataFactory.namedNode(location));
    return new ResponseDescription(303, metadata);
  }

  private html(status: number, page: string): ResponseDescription {
    const metadata = new RepresentationMetadata('text/html');
    return new ResponseDescription(status, metadata, guardedStreamFrom(page));
  }

  private failure(error: unknown, lang: PageLanguage): ResponseDescription {
    const status = HttpError.isInstance(error) ? error.statusCode : 500;
    const kind = status === 503 ? 'unavailable' : status === 401 ? 'refused' : status === 400 ? 'expired' : 'internal';
    if (status >= 500) {
      this.logger.error(`ENT sign-in failed: ${(error as Error).message}`);
    } else {
      this.logger.warn(`ENT sign-in refused (${status}): ${(error as Error).message}`);
    }
    return this.html(status === 404 || status === 405 ? status : status >= 400 && status < 600 ? status : 500,
      errorPage(lang, kind, this.routes.start));
  }
}
