import type { CookieStore, OperationHttpHandlerInput, ProviderFactory, ResponseDescription } from '@solid/community-server';
import {
  getLoggerFor,
  guardedStreamFrom,
  OperationHttpHandler,
  RepresentationMetadata,
  ResponseDescription as Response,
  SOLID_HTTP,
} from '@solid/community-server';
import { DataFactory } from 'n3';
import type { EntLoginStore } from '../ent/EntLoginStore';
import type { EntOidcClient } from '../ent/EntOidcClient';
import { randomToken } from '../ent/EntOidcClient';
import { pageLanguage } from '../ent/EntPages';
import type { EntTokenVault } from '../ent/EntTokenVault';
import { cookieValue } from '../util/Cookies';
import { loggedOutPage } from './LogoutPages';

/**
 * One "Se déconnecter" for shared computers: `GET|POST /.account/logout/` ends Cartable's identity provider
 * session (the CSS account cookie and the OpenID provider's session), then the ENT session (RP-initiated
 * logout at the ENT's `end_session_endpoint`), and comes back to `/.account/logout/done/`, which tells the
 * browser to wipe everything of this origin (`Clear-Site-Data`: cache, cookies, storage — so IndexedDB keys
 * and the back-forward cache go too) and shows a page that asks to sign in again.
 *
 * CSS 7.2 has no logout page of its own. Wraps the identity provider's operation handler; other routes go on.
 */
export class FullLogoutHttpHandler extends OperationHttpHandler {
  protected readonly logger = getLoggerFor(this);
  private readonly source: OperationHttpHandler;
  private readonly providerFactory: ProviderFactory;
  private readonly cookieStore: CookieStore;
  private readonly loginStore: EntLoginStore;
  private readonly vault: EntTokenVault;
  private readonly client: EntOidcClient;
  private readonly baseUrl: string;
  private readonly cookieName: string;

  /**
   * @param source - The next operation handler (ENT login, then CSS).
   * @param providerFactory - Cartable's OpenID provider, whose session is ended.
   * @param cookieStore - CSS account cookies.
   * @param loginStore - Finds the ENT identity of the account.
   * @param vault - Gives the ENT ID token used as logout hint.
   * @param client - The ENT client (end_session endpoint).
   * @param baseUrl - The server's base URL.
   * @param cookieName - Name of CSS's account cookie.
   */
  public constructor(source: OperationHttpHandler, providerFactory: ProviderFactory, cookieStore: CookieStore,
    loginStore: EntLoginStore, vault: EntTokenVault, client: EntOidcClient, baseUrl: string, cookieName = 'css-account') {
    super();
    this.source = source;
    this.providerFactory = providerFactory;
    this.cookieStore = cookieStore;
    this.loginStore = loginStore;
    this.vault = vault;
    this.client = client;
    this.baseUrl = baseUrl;
    this.cookieName = cookieName;
  }

  private get logoutUrl(): string {
    return `${this.baseUrl}.account/logout/`;
  }

  private get doneUrl(): string {
    return `${this.logoutUrl}done/`;
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
    input.response.setHeader('Cache-Control', 'no-store');
    if (path === this.doneUrl) {
      // Wipe what this origin left in the browser: storage (local, session, IndexedDB), caches, cookies.
      input.response.setHeader('Clear-Site-Data', '"cache", "cookies", "storage"');
      const lang = pageLanguage(input.request.headers.cookie);
      return new Response(200, new RepresentationMetadata('text/html'), guardedStreamFrom(loggedOutPage(lang, this.baseUrl)));
    }
    const entLogout = await this.endSessions(input);
    const metadata = new RepresentationMetadata();
    metadata.add(SOLID_HTTP.terms.location, DataFactory.namedNode(entLogout ?? this.doneUrl));
    return new Response(303, metadata);
  }

  private isOurs(path: string): boolean {
    return path === this.logoutUrl || path === this.doneUrl;
  }

  /** Ends Cartable's sessions; returns the ENT logout URL to go through, if any. */
  private async endSessions(input: OperationHttpHandlerInput): Promise<string | undefined> {
    const headers = input.request.headers;
    const cookies: string[] = [
      `${this.cookieName}=; Path=/; Max-Age=0; SameSite=Lax`,
      '_session=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly',
      '_session.sig=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly',
    ];
    input.response.setHeader('Set-Cookie', cookies);

    let accountId: string | undefined;
    const accountCookie = input.operation.body.metadata.get(SOLID_HTTP.terms.accountCookie)?.value ??
      cookieValue(headers.cookie, this.cookieName);
    if (accountCookie) {
      accountId = await this.cookieStore.get(accountCookie);
      await this.cookieStore.delete(accountCookie);
    }
    const sessionId = cookieValue(headers.cookie, '_session');
    if (sessionId) {
      try {
        const provider = await this.providerFactory.getProvider();
        await (await provider.Session.find(sessionId))?.destroy();
      } catch (error: unknown) {
        this.logger.warn(`Could not end the identity provider session: ${(error as Error).message}`);
      }
    }
    if (!accountId || !this.client.enabled) {
      return undefined;
    }
    const [ login ] = await this.loginStore.findByAccount(accountId);
    if (!login) {
      return undefined;
    }
    try {
      const tokens = await this.vault.get(login.uid);
      return await this.client.endSessionUrl(tokens?.idToken, this.doneUrl, randomToken(16));
    } catch (error: unknown) {
      // The ENT is down: Cartable's own sessions are over; say so on the done page rather than fail.
      this.logger.warn(`Could not reach the ENT to end its session: ${(error as Error).message}`);
      return undefined;
    }
  }
}
