// CSS v7 account API (JSON API "version 0.5"): account + password + pod + client credentials,
// then Bearer tokens from the OIDC token endpoint (client_credentials grant, no DPoP).
// Always follows `controls` from GET /.account/ instead of hard-coding paths.
import { request } from './http.mjs';

const json = (authorization, body) => ({
  headers: {
    accept: 'application/json',
    'content-type': 'application/json',
    ...(authorization ? { authorization: `CSS-Account-Token ${authorization}` } : {}),
  },
  body: JSON.stringify(body),
  as: 'json',
});

async function controlsOf(indexUrl, authorization) {
  const res = await request('GET', indexUrl, {
    headers: { accept: 'application/json', ...(authorization ? { authorization: `CSS-Account-Token ${authorization}` } : {}) },
    as: 'json',
  });
  return res.json.controls;
}

function need(controls, pathStr) {
  const value = pathStr.split('.').reduce((o, k) => o?.[k], controls);
  if (typeof value !== 'string') throw new Error(`account API: control "${pathStr}" not found in ${JSON.stringify(controls)}`);
  return value;
}

/**
 * Create an account with a password login and one pod, plus client credentials for its WebID.
 * Returns { email, password, pod, webId, clientId, clientSecret, tokenEndpoint }.
 */
export async function setupAccount(baseUrl, { podName, email, password }) {
  const index = new URL('.account/', baseUrl).href;
  let controls = await controlsOf(index);

  // 1. Account (anonymous POST {} → authorization token)
  let { authorization } = (await request('POST', need(controls, 'account.create'), json(null, {}))).json;

  // 2. Password login method
  controls = await controlsOf(index, authorization);
  await request('POST', need(controls, 'password.create'), json(authorization, { email, password }));

  // 3. Log in with it (fresh authorization), as a real client would
  controls = await controlsOf(index);
  authorization = (await request('POST', need(controls, 'password.login'), json(null, { email, password }))).json.authorization;
  controls = await controlsOf(index, authorization);

  // 4. Pod (the WebID is created and linked with it)
  const podRes = (await request('POST', need(controls, 'account.pod'), json(authorization, { name: podName }))).json;
  const pod = podRes.pod;
  const webId = podRes.webId;
  if (!pod || !webId) throw new Error(`account API: pod creation returned ${JSON.stringify(podRes)}`);

  // 5. Client credentials (the secret is only returned once)
  const cc = (await request('POST', need(controls, 'account.clientCredentials'),
    json(authorization, { name: `bench-${podName}`, webId }))).json;
  if (!cc.id || !cc.secret) throw new Error(`account API: client credentials returned ${JSON.stringify(cc)}`);

  // 6. Token endpoint from OIDC discovery
  const oidc = (await request('GET', new URL('.well-known/openid-configuration', baseUrl).href, { as: 'json' })).json;
  if (!oidc.token_endpoint) throw new Error('openid-configuration has no token_endpoint');

  return { email, password, pod, webId, clientId: cc.id, clientSecret: cc.secret, tokenEndpoint: oidc.token_endpoint };
}

/** Bearer tokens from the client_credentials grant, renewed ahead of expiry (600 s in CSS 7). */
export class TokenSource {
  constructor({ tokenEndpoint, clientId, clientSecret }, { marginMs = 90_000 } = {}) {
    this.tokenEndpoint = tokenEndpoint;
    this.basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    this.marginMs = marginMs;
    this.token = null;
    this.expiresAt = 0;
    this.pending = null;
    this.fetched = 0;
  }

  async refresh() {
    const res = await request('POST', this.tokenEndpoint, {
      headers: {
        authorization: `Basic ${this.basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials&scope=webid',
      as: 'json',
    });
    const { access_token: token, token_type: type, expires_in: expiresIn } = res.json;
    if (!token) throw new Error(`token endpoint returned no access_token: ${JSON.stringify(res.json)}`);
    if (type && type.toLowerCase() !== 'bearer') throw new Error(`expected a Bearer token, got token_type=${type}`);
    this.token = token;
    this.expiresAt = Date.now() + (Number(expiresIn) || 600) * 1000;
    this.fetched++;
    return token;
  }

  /** A valid token; refreshes when less than `marginMs` is left. Concurrent callers share one refresh. */
  async get() {
    if (this.token && Date.now() < this.expiresAt - this.marginMs) return this.token;
    if (!this.pending) this.pending = this.refresh().finally(() => { this.pending = null; });
    return this.pending;
  }

  /** Value for the Authorization header. */
  async header() { return `Bearer ${await this.get()}`; }
}
