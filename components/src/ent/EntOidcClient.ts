import { createHash, randomBytes } from 'node:crypto';
import { getLoggerFor, HttpError } from '@solid/community-server';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';

/** The parts of an OpenID provider's discovery document Cartable uses. */
interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

/** What a successful ENT sign-in yields. */
export interface EntIdentity {
  /** The ENT person identifier (`ENTPersonUid`, or the configured claim). */
  uid: string;
  /** Every claim of the ID token and the userinfo response. */
  claims: Record<string, unknown>;
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms at which the access token expires, if the ENT said. */
  expiresAt?: number;
}

/** 503: the ENT did not answer, or not as an OpenID provider should. */
export class EntUnavailableHttpError extends HttpError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(503, 'EntUnavailableHttpError', message, options);
  }
}

/** 401: the ENT's answer did not prove who the person is (bad ID token, nonce, issuer, audience…). */
export class EntAuthenticationHttpError extends HttpError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(401, 'EntAuthenticationHttpError', message, options);
  }
}

/** Random URL-safe secret. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** PKCE S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * Cartable as an OpenID Connect relying party of the school ENT: authorization code flow with PKCE (S256),
 * `state` and `nonce`, the ID token verified against the issuer's published keys (signature, issuer,
 * audience, expiry, nonce), then userinfo for the ENT person identifier.
 *
 * Only configuration changes between the simulated ENT, the partner platform and production: issuer,
 * client id and secret, scopes, and the claim that carries the person identifier.
 */
export class EntOidcClient {
  protected readonly logger = getLoggerFor(this);
  public readonly issuer: string;
  public readonly clientId: string;
  private readonly clientSecret: string;
  public readonly scope: string;
  public readonly redirectUri: string;
  private readonly uidClaim: string;
  private readonly timeoutMs: number;
  private metadata?: Promise<ProviderMetadata>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  /**
   * @param issuer - The ENT's issuer URL (`ENT_ISSUER`).
   * @param clientId - Cartable's client id at the ENT.
   * @param clientSecret - Cartable's client secret at the ENT.
   * @param scope - Space-separated scopes (`openid` is added when missing).
   * @param baseUrl - Cartable's base URL; the redirect URI is `<base>.account/login/ent/callback/`.
   * @param uidClaim - Claim with the ENT person identifier.
   * @param timeoutMs - Timeout of each call to the ENT.
   */
  public constructor(issuer: string, clientId: string, clientSecret: string, scope: string, baseUrl: string,
    uidClaim = 'ENTPersonUid', timeoutMs = 8000) {
    this.issuer = issuer.replace(/\/+$/u, '');
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope.split(/\s+/u).includes('openid') ? scope.trim() : `openid ${scope}`.trim();
    this.redirectUri = `${baseUrl}.account/login/ent/callback/`;
    this.uidClaim = uidClaim;
    this.timeoutMs = timeoutMs;
  }

  /** True when an ENT is configured at all. */
  public get enabled(): boolean {
    return this.issuer.length > 0 && this.clientId.length > 0;
  }

  /** The URL that starts a sign-in at the ENT. */
  public async authorizationUrl(state: string, nonce: string, codeVerifier: string, forceLogin = false): Promise<string> {
    const metadata = await this.discover();
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      scope: this.scope,
      state,
      nonce,
      code_challenge: pkceChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...forceLogin ? { prompt: 'login' } : {},
    }).toString();
    return url.href;
  }

  /** Exchanges the code, verifies the ID token and reads userinfo. */
  public async exchangeCode(code: string, codeVerifier: string, nonce: string): Promise<EntIdentity> {
    const metadata = await this.discover();
    const tokens = await this.tokenRequest(metadata, new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.redirectUri,
      code_verifier: codeVerifier,
    }));
    if (typeof tokens.id_token !== 'string' || typeof tokens.access_token !== 'string') {
      throw new EntAuthenticationHttpError('The ENT token response has no id_token or access_token');
    }
    const idClaims = await this.verifyIdToken(metadata, tokens.id_token, nonce);
    const userinfo = metadata.userinfo_endpoint ?
      await this.getJson(metadata.userinfo_endpoint, { authorization: `Bearer ${tokens.access_token}` }, 'userinfo') :
        {};
    if (userinfo.error) {
      throw new EntAuthenticationHttpError(`The ENT refused userinfo: ${JSON.stringify(userinfo.error)}`);
    }
    if (userinfo.sub !== undefined && userinfo.sub !== idClaims.sub) {
      throw new EntAuthenticationHttpError('The ENT userinfo subject differs from the ID token subject');
    }
    const claims: Record<string, unknown> = { ...idClaims, ...userinfo };
    const uid = claims[this.uidClaim];
    if (typeof uid !== 'string' || uid.length === 0) {
      throw new EntAuthenticationHttpError(`The ENT did not send the person identifier (claim ${this.uidClaim})`);
    }
    return {
      uid,
      claims,
      idToken: tokens.id_token,
      accessToken: tokens.access_token,
      refreshToken: typeof tokens.refresh_token === 'string' ? tokens.refresh_token : undefined,
      expiresAt: typeof tokens.expires_in === 'number' ? Date.now() + tokens.expires_in * 1000 : undefined,
    };
  }

  /** A token for Cartable itself (client credentials grant), e.g. for the institutional directory export. */
  public async clientCredentials(scope: string): Promise<{ accessToken: string; expiresAt?: number }> {
    const metadata = await this.discover();
    const tokens = await this.tokenRequest(metadata, new URLSearchParams({ grant_type: 'client_credentials', scope }));
    if (typeof tokens.access_token !== 'string') {
      throw new EntAuthenticationHttpError('The ENT client credentials response has no access_token');
    }
    return {
      accessToken: tokens.access_token,
      expiresAt: typeof tokens.expires_in === 'number' ? Date.now() + tokens.expires_in * 1000 : undefined,
    };
  }

  /** New tokens from a refresh token (for calls to the ENT APIs after the sign-in). */
  public async refresh(refreshToken: string): Promise<{ accessToken: string; refreshToken?: string; expiresAt?: number }> {
    const metadata = await this.discover();
    const tokens = await this.tokenRequest(metadata, new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }));
    if (typeof tokens.access_token !== 'string') {
      throw new EntAuthenticationHttpError('The ENT refresh response has no access_token');
    }
    return {
      accessToken: tokens.access_token,
      refreshToken: typeof tokens.refresh_token === 'string' ? tokens.refresh_token : refreshToken,
      expiresAt: typeof tokens.expires_in === 'number' ? Date.now() + tokens.expires_in * 1000 : undefined,
    };
  }

  /** Where to send the browser to end the ENT session (RP-initiated logout), if the ENT supports it. */
  public async endSessionUrl(idTokenHint: string | undefined, postLogoutRedirectUri: string, state: string):
  Promise<string | undefined> {
    const metadata = await this.discover();
    if (!metadata.end_session_endpoint) {
      return undefined;
    }
    const url = new URL(metadata.end_session_endpoint);
    const params = new URLSearchParams({ client_id: this.clientId, post_logout_redirect_uri: postLogoutRedirectUri, state });
    if (idTokenHint) {
      params.set('id_token_hint', idTokenHint);
    }
    url.search = params.toString();
    return url.href;
  }

  private async discover(): Promise<ProviderMetadata> {
    this.metadata ??= (async(): Promise<ProviderMetadata> => {
      const metadata = await this.getJson(`${this.issuer}/.well-known/openid-configuration`, {}, 'discovery') as
        unknown as ProviderMetadata;
      if (metadata.issuer?.replace(/\/+$/u, '') !== this.issuer) {
        throw new EntUnavailableHttpError(`The ENT at ${this.issuer} announces another issuer: ${String(metadata.issuer)}`);
      }
      for (const key of [ 'authorization_endpoint', 'token_endpoint', 'jwks_uri' ] as const) {
        if (typeof metadata[key] !== 'string') {
          throw new EntUnavailableHttpError(`The ENT discovery document has no ${key}`);
        }
      }
      this.jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: this.timeoutMs });
      return metadata;
    })();
    try {
      return await this.metadata;
    } catch (error: unknown) {
      // Do not keep a failed discovery: the ENT may be back on the next sign-in.
      this.metadata = undefined;
      throw error;
    }
  }

  private async verifyIdToken(metadata: ProviderMetadata, idToken: string, nonce: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.jwks!, {
        issuer: metadata.issuer,
        audience: this.clientId,
        clockTolerance: 30,
      }));
    } catch (error: unknown) {
      throw new EntAuthenticationHttpError(`The ENT ID token is not valid: ${(error as Error).message}`, { cause: error });
    }
    if (payload.nonce !== nonce) {
      throw new EntAuthenticationHttpError('The ENT ID token nonce does not match this sign-in');
    }
    if (typeof payload.sub !== 'string') {
      throw new EntAuthenticationHttpError('The ENT ID token has no subject');
    }
    return payload;
  }

  private async tokenRequest(metadata: ProviderMetadata, body: URLSearchParams): Promise<Record<string, unknown>> {
    const basic = Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.clientSecret)}`)
      .toString('base64');
    const response = await this.call(metadata.token_endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    }, 'token');
    const json = await this.parse(response, 'token');
    if (!response.ok) {
      throw new EntAuthenticationHttpError(`The ENT refused the sign-in code: ${typeof json.error === 'string' ? json.error : response.status}` +
        `${typeof json.error_description === 'string' ? ` (${json.error_description})` : ''}`);
    }
    return json;
  }

  private async getJson(url: string, headers: Record<string, string>, what: string): Promise<Record<string, unknown>> {
    const response = await this.call(url, { headers: { accept: 'application/json', ...headers }}, what);
    const json = await this.parse(response, what);
    if (!response.ok && !json.error) {
      throw new EntUnavailableHttpError(`The ENT ${what} endpoint answered ${response.status}`);
    }
    return json;
  }

  private async call(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error: unknown) {
      this.logger.warn(`ENT ${what} call to ${url} failed: ${(error as Error).message}`);
      throw new EntUnavailableHttpError(`The ENT cannot be reached (${what}): ${(error as Error).message}`, { cause: error });
    }
  }

  private async parse(response: Response, what: string): Promise<Record<string, unknown>> {
    try {
      const json = await response.json() as unknown;
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new Error('not a JSON object');
      }
      return json as Record<string, unknown>;
    } catch (error: unknown) {
      throw new EntUnavailableHttpError(`The ENT ${what} response is not JSON (${response.status}): ${(error as Error).message}`);
    }
  }
}
