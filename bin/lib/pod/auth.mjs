// Solid-OIDC client credentials for command-line tools: a Bearer access token from the issuer's token
// endpoint (grant_type=client_credentials, scope=webid, HTTP Basic client authentication), renewed
// shortly before it expires. CSS accepts such Bearer tokens without DPoP.

/** Credentials that the issuer refused, or an issuer that cannot be used; the message names the URL. */
export class AuthError extends Error {}

/**
 * The claims of a JWT, unverified (the server verifies it; we only read the WebID and expiry).
 * @param {string} token
 * @returns {Record<string, any> | null}
 */
export function jwtClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * @param {string} url
 * @param {RequestInit} init
 * @param {string} what
 * @returns {Promise<Response>}
 */
async function reach(url, init, what) {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new AuthError(`Cannot reach the ${what} at ${url} (${error.cause?.code ?? error.name ?? error.message})`);
  }
}

/**
 * A source of Authorization headers for one client.
 * @param {{ issuer: string, clientId: string, clientSecret: string, now?: () => number }} options
 * @returns {Promise<{ header: () => Promise<string>, renew: () => Promise<string>, webId: string | null,
 *   tokenEndpoint: string }>}
 */
export async function clientCredentials({ issuer, clientId, clientSecret, now = Date.now }) {
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  const configUrl = `${base}.well-known/openid-configuration`;
  const configResponse = await reach(configUrl, { headers: { accept: 'application/json' }}, 'OpenID configuration');
  if (!configResponse.ok) {
    throw new AuthError(`The issuer has no OpenID configuration at ${configUrl} (HTTP ${configResponse.status}): check --issuer`);
  }
  let tokenEndpoint;
  try {
    tokenEndpoint = (await configResponse.json()).token_endpoint;
  } catch {
    // Reported below.
  }
  if (typeof tokenEndpoint !== 'string') {
    throw new AuthError(`The OpenID configuration at ${configUrl} names no token_endpoint`);
  }
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');

  let token = '';
  let expiresAt = 0;
  let webId = null;
  /** @type {Promise<string> | null} */
  let pending = null;

  const request = async() => {
    const response = await reach(tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials&scope=webid',
    }, 'token endpoint');
    const text = await response.text();
    let body = {};
    try {
      body = JSON.parse(text);
    } catch {
      // Reported below.
    }
    if (!response.ok || typeof body.access_token !== 'string') {
      const detail = [ body.error, body.error_description ].filter(Boolean).join(': ') || text.slice(0, 200);
      throw new AuthError(`The token endpoint ${tokenEndpoint} refused the client credentials (HTTP ${response.status}` +
        `${detail ? `, ${detail}` : ''}): check --client-id and --client-secret, and that --issuer is the pod's identity provider`);
    }
    token = body.access_token;
    const claims = jwtClaims(token);
    webId = typeof claims?.webid === 'string' ? claims.webid : webId;
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in * 1000 :
      typeof claims?.exp === 'number' ? claims.exp * 1000 - now() : 300_000;
    expiresAt = now() + lifetime;
    return `Bearer ${token}`;
  };

  const renew = () => {
    pending ??= request().finally(() => {
      pending = null;
    });
    return pending;
  };

  await renew();
  return {
    tokenEndpoint,
    get webId() {
      return webId;
    },
    /** The current header, renewed when less than a minute is left. */
    header: async() => (now() > expiresAt - 60_000 ? renew() : `Bearer ${token}`),
    renew,
  };
}
