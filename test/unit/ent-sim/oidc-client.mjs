/**
 * A minimal browser stand-in for the simulated ENT's tests: a cookie jar, manual redirects, and the
 * authorization code + PKCE journey through the ENT's own login form.
 */

import { createHash, randomBytes } from 'node:crypto';

/** Cookies by name and path, sent back to the paths they belong to (one host only). */
export class CookieJar {
  constructor() {
    /** @type {Map<string, { name: string, value: string, path: string }>} */
    this.cookies = new Map();
  }

  /** @param {Response} res @param {string} requestPath */
  store(res, requestPath) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = requestPath.slice(0, requestPath.lastIndexOf('/')) || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') {
          path = val;
        } else if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) {
          expired = true;
        } else if (key.toLowerCase() === 'max-age' && Number(val) <= 0) {
          expired = true;
        }
      }
      const key = `${name};${path}`;
      if (expired) {
        this.cookies.delete(key);
      } else {
        this.cookies.set(key, { name, value, path });
      }
    }
  }

  /** @param {string} path */
  header(path) {
    return [...this.cookies.values()]
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/** A user agent: fetch with a cookie jar and no automatic redirects. */
export class Browser {
  constructor() {
    this.jar = new CookieJar();
  }

  /**
   * @param {string} url
   * @param {{ method?: string, form?: Record<string, string> }} [init]
   */
  async request(url, { method = 'GET', form } = {}) {
    const target = new URL(url);
    /** @type {Record<string, string>} */
    const headers = {};
    const cookie = this.jar.header(target.pathname);
    if (cookie) {
      headers.cookie = cookie;
    }
    let body;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const res = await fetch(target, { method, headers, body, redirect: 'manual' });
    this.jar.store(res, target.pathname);
    return res;
  }
}

/** A PKCE verifier and its S256 challenge. */
export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * Runs the front-channel part of the code flow: authorize, the ENT's login form, (auto-)consent, and
 * back to the client's redirect URI.
 * @param {object} input
 * @param {Browser} input.browser
 * @param {string} input.issuer
 * @param {string} input.authorizationEndpoint
 * @param {{ client_id: string, redirect_uri: string }} input.client
 * @param {string} input.login
 * @param {string} input.password
 * @param {string} [input.scope]
 * @param {Record<string, string>} [input.extra]
 * @returns {Promise<{ code?: string, state: string, returnedState?: string|null, iss?: string|null, nonce: string, verifier: string, loginStatus?: number, loginHtml?: string, redirect?: URL, steps: string[] }>}
 */
export async function authorize({
  browser, issuer, authorizationEndpoint, client, login, password,
  scope = 'openid toutatice offline_access', extra = {},
}) {
  const state = randomBytes(10).toString('hex');
  const nonce = randomBytes(10).toString('hex');
  const { verifier, challenge } = pkcePair();
  const url = new URL(authorizationEndpoint);
  const params = {
    client_id: client.client_id, redirect_uri: client.redirect_uri, response_type: 'code', scope, state, nonce,
    code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  };
  for (const [k, v] of Object.entries(params)) {
    url.searchParams.set(k, v);
  }
  /** @type {string[]} */
  const steps = [];
  let res = await browser.request(url.href);
  for (let i = 0; i < 12; i++) {
    steps.push(`${res.status} ${new URL(res.url || url.href).pathname}`);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, issuer);
      if (next.href.startsWith(client.redirect_uri)) {
        return {
          code: next.searchParams.get('code') ?? undefined, state, returnedState: next.searchParams.get('state'),
          iss: next.searchParams.get('iss'), nonce, verifier, redirect: next, steps,
        };
      }
      res = await browser.request(next.href);
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (res.status === 200 && action && html.includes('name="password"')) {
      res = await browser.request(new URL(action.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))), issuer).href, {
        method: 'POST', form: { login, password },
      });
      if (res.status !== 303) {
        return { state, nonce, verifier, loginStatus: res.status, loginHtml: await res.text(), steps };
      }
      continue;
    }
    throw new Error(`Unexpected step ${res.status}: ${html.slice(0, 300)} after ${steps.join(' → ')}`);
  }
  throw new Error(`Too many steps: ${steps.join(' → ')}`);
}

/**
 * POSTs a form to the token endpoint.
 * @param {string} tokenEndpoint
 * @param {Record<string, string>} form
 * @param {{ id: string, secret: string }|null} basic client_secret_basic credentials
 */
export async function tokenRequest(tokenEndpoint, form, basic) {
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}`;
  }
  const res = await fetch(tokenEndpoint, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  return { status: res.status, body: /** @type {Record<string, any>} */ (await res.json()) };
}
