/**
 * The simulated school ENT (Toutatice-shaped): an OpenID provider at the Shibboleth-style paths of the
 * real one, plus the contacts, catalogue and directory-export APIs, over a seeded directory.
 *
 * Why it exists: Cartable is a relying party of the académie's ENT. With this simulator, `npm start` and
 * the tests run the whole login → pod → groups journey without the real ENT, and a deployment switches
 * to the real ENT (https://ent.toutatice.fr) or its partner platform by configuration only: issuer URL,
 * API base, client id and secret. What is simulated and what is assumed is listed in README.md.
 *
 * Run it on its own host name (default http://127.0.0.1:3001, while CSS runs on localhost): both use
 * oidc-provider, whose cookies do not tell ports apart. Its cookie names are changed too (`ent_*`).
 *
 * @module
 */

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

import { createMemoryAdapter } from './adapter.mjs';
import { applicationsFor, APPLICATIONS, CatalogueSyncs, FIXED_CATALOGUE_IDS } from './catalogue.mjs';
import { createDemoDirectory, listDemoAccounts, DEFAULT_PASSWORD } from './directory.mjs';
import {
  applicationPage, errorPage, homePage, loggedOutPage, loginPage, logoutPage, vignetteSvg,
} from './pages.mjs';
import { claimsOf, contactsFor, exportRecords } from './views.mjs';

/** @typedef {import('./directory.mjs').Directory} Directory */
/** @typedef {import('./directory.mjs').Person} Person */

/**
 * OpenID Connect endpoints. Authorize, token and userinfo are the real ENT's (ent-api.md §2.1); the
 * others follow the Shibboleth OIDC plugin's layout but are not evidenced: clients must read them from
 * the discovery document.
 */
export const ENT_ROUTES = Object.freeze({
  authorization: '/idp/profile/oidc/authorize',
  token: '/idp/profile/oidc/token',
  userinfo: '/idp/profile/oidc/userinfo',
  jwks: '/idp/profile/oidc/keyset',
  end_session: '/idp/profile/oidc/logout',
  revocation: '/idp/profile/oauth2/revocation',
  introspection: '/idp/profile/oauth2/introspection',
});

const INTERACTION_PATH = '/idp/interaction/';

/**
 * @typedef {object} ClientOptions
 * @property {string} client_id
 * @property {string} [client_secret] Without one, the client is public (PKCE then required).
 * @property {string[]} redirect_uris
 * @property {string[]} [post_logout_redirect_uris]
 * @property {string[]} [grant_types] Default: authorization_code, refresh_token, client_credentials.
 * @property {string} [client_name] Shown on the login page.
 */

/**
 * @typedef {object} TokenTtl Lifetimes in seconds (ent-api.md §2.5: not known for the real ENT).
 * @property {number} [accessToken] Default 3600.
 * @property {number} [idToken] Default 3600.
 * @property {number} [refreshToken] Default 14 days.
 * @property {number} [authorizationCode] Default 60.
 * @property {number} [session] Default 8 hours.
 * @property {number} [interaction] Default 1 hour.
 * @property {number} [clientCredentials] Default 600.
 */

/**
 * @typedef {object} EntSimulatorOptions
 * @property {number} [port] Default 3001; 0 picks a free port.
 * @property {string} [host] Default 127.0.0.1.
 * @property {string} [issuer] Public origin (no path); default `http://{host}:{port}`.
 * @property {ClientOptions[]} [clients]
 * @property {Directory} [directory] Default: the demo directory.
 * @property {TokenTtl} [tokenTtl]
 * @property {boolean} [requirePkce] Require PKCE from confidential clients too (public ones always). Default false.
 * @property {string|null} [apiScope] Scope a user's access token needs for the contacts and catalogue APIs.
 *   Default "toutatice"; null accepts any access token of the user.
 * @property {string} [exportScope] Scope of the client-credentials token for the directory export. Default "annuaire".
 * @property {number} [syncDelayMs] How long a catalogue synchronisation takes. Default 200.
 * @property {object[]} [jwks] Private signing keys (JWK). Default: a fresh RSA key.
 * @property {string[]} [cookieKeys] Cookie signing keys. Default: fresh random.
 * @property {boolean} [proxy] Trust X-Forwarded-* (behind a TLS-terminating proxy). Default false.
 * @property {(message: string, error?: unknown) => void} [log] Server errors. Default console.error.
 */

/**
 * @typedef {object} EntSimulator
 * @property {string} url Where it listens.
 * @property {string} issuer
 * @property {Directory} directory
 * @property {Provider} provider
 * @property {() => Promise<void>} stop
 */

/**
 * Starts the simulated ENT.
 * @param {EntSimulatorOptions} [options]
 * @returns {Promise<EntSimulator>}
 */
export async function startEntSimulator(options = {}) {
  const { port = 3001, host = '127.0.0.1', log = (m, e) => console.error(m, e) } = options;
  const server = http.createServer();
  /** @type {(req: http.IncomingMessage, res: http.ServerResponse) => unknown} */
  let handler = (_req, res) => res.writeHead(503).end();
  server.on('request', (req, res) => handler(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const shownHost = ['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${address.port}`;
  try {
    const app = createEntApp({ ...options, issuer: options.issuer ?? url, log });
    handler = app.handle;
    return {
      url,
      issuer: app.issuer,
      directory: app.directory,
      provider: app.provider,
      stop: () => new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
    };
  } catch (err) {
    server.close();
    throw err;
  }
}

/**
 * The simulator as a Node request listener, for embedding in another server.
 * @param {EntSimulatorOptions & { issuer: string }} options
 */
export function createEntApp(options) {
  const {
    issuer: issuerOption, clients = [], directory = createDemoDirectory(), tokenTtl = {}, requirePkce = false,
    apiScope = 'toutatice', exportScope = 'annuaire', syncDelayMs = 200, proxy = false,
    log = (m, e) => console.error(m, e),
  } = options;
  const issuerUrl = new URL(issuerOption);
  if (issuerUrl.pathname !== '/' || issuerUrl.search || issuerUrl.hash) {
    throw new Error(`The issuer must be an origin without path, got ${issuerOption}`);
  }
  const issuer = issuerUrl.origin;
  const ttl = {
    accessToken: 3600, idToken: 3600, refreshToken: 14 * 24 * 3600, authorizationCode: 60, session: 8 * 3600,
    interaction: 3600, clientCredentials: 600, ...tokenTtl,
  };
  const keys = options.jwks ?? [signingKey()];
  const demoAccounts = directory.demo
    ? listDemoAccounts({ schoolYear: directory.schoolYear }).map((a) => ({ login: a.login, name: a.name, role: a.role }))
    : undefined;
  const password = directory.demo ? DEFAULT_PASSWORD : undefined;
  const syncs = new CatalogueSyncs({ delayMs: syncDelayMs });

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter().Adapter,
    clients: clients.map((c) => ({
      client_id: c.client_id,
      ...(c.client_secret ? { client_secret: c.client_secret } : {}),
      ...(c.client_name ? { client_name: c.client_name } : {}),
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
      grant_types: c.grant_types ?? (c.client_secret
        ? ['authorization_code', 'refresh_token', 'client_credentials']
        : ['authorization_code', 'refresh_token']),
      response_types: ['code'],
      token_endpoint_auth_method: c.client_secret ? 'client_secret_basic' : 'none',
    })),
    claims: {
      openid: ['sub', 'ENTPersonUid', 'unik'],
      toutatice: ['ENTPersonUid', 'unik', 'ENTPersonProfils', 'ENTPersonStructRattach', 'title'],
      profile: ['given_name', 'family_name', 'name', 'birthdate'],
      email: ['email'],
    },
    scopes: ['openid', 'offline_access', 'toutatice', 'profile', 'email', exportScope],
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    clientBasedCORS: (_ctx, origin, client) => (client.redirectUris ?? []).some((u) => new URL(u).origin === origin),
    cookies: {
      keys: options.cookieKeys ?? [randomBytes(32).toString('base64url')],
      names: { session: 'ent_session', interaction: 'ent_interaction', resume: 'ent_interaction_resume' },
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    discovery: { ui_locales_supported: ['fr-FR'], service_documentation: `${issuer}/` },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form, ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? '');
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage(ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? '');
        },
      },
    },
    findAccount: async (_ctx, sub) => {
      const person = directory.personBySub(sub);
      return person ? { accountId: sub, claims: async () => claimsOf(person) } : undefined;
    },
    interactions: { url: async (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}` },
    jwks: { keys: /** @type {any} */ (keys) },
    pkce: {
      methods: ['S256'],
      required: (_ctx, client) => requirePkce || client.clientAuthMethod === 'none',
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    routes: ENT_ROUTES,
    ttl: {
      AccessToken: ttl.accessToken,
      AuthorizationCode: ttl.authorizationCode,
      ClientCredentials: ttl.clientCredentials,
      IdToken: ttl.idToken,
      Interaction: ttl.interaction,
      RefreshToken: ttl.refreshToken,
      Session: ttl.session,
      Grant: Math.max(ttl.refreshToken, ttl.session),
    },
  });
  provider.proxy = proxy;
  provider.on('server_error', (_ctx, err) => log('ent-sim: server error', err));
  const oidc = provider.callback();

  /**
   * The user behind a Bearer access token, or an HTTP error already sent.
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @returns {Promise<Person|null>}
   */
  async function authenticatedUser(req, res) {
    const value = bearerToken(req);
    const token = value ? await provider.AccessToken.find(value) : undefined;
    if (!token || token.isExpired) {
      unauthorized(res, value ? 'invalid_token' : 'invalid_request', value ? 'Jeton d\'accès invalide ou expiré' : 'Jeton d\'accès manquant');
      return null;
    }
    if (apiScope && !token.scopes.has(apiScope)) {
      sendJson(res, 403, { error: 'insufficient_scope', error_description: `Le jeton doit porter le scope ${apiScope}` }, {
        'WWW-Authenticate': `Bearer realm="ent-sim", error="insufficient_scope", scope="${apiScope}"`,
      });
      return null;
    }
    const person = token.accountId ? directory.personBySub(token.accountId) : null;
    if (!person) {
      unauthorized(res, 'invalid_token', 'Compte inconnu');
      return null;
    }
    return person;
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} encodedUid */
  async function contacts(req, res, encodedUid) {
    if (req.method !== 'GET') {
      return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });
    }
    const person = await authenticatedUser(req, res);
    if (!person) {
      return undefined;
    }
    const uid = safeDecode(encodedUid);
    if (uid !== person.uid) {
      return sendJson(res, 403, { error: 'forbidden', error_description: 'Ce jeton ne donne accès qu\'aux contacts de son titulaire' });
    }
    const view = contactsFor(directory, person);
    if (!view) {
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      return res.end();
    }
    return sendJson(res, 200, view);
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {string} encodedId
   * @param {string} rest
   */
  async function catalogue(req, res, encodedId, rest) {
    const person = await authenticatedUser(req, res);
    if (!person) {
      return undefined;
    }
    const id = safeDecode(encodedId);
    if (id !== person.uid && !FIXED_CATALOGUE_IDS.includes(id)) {
      return directory.person(id)
        ? sendJson(res, 403, { error: 'forbidden', error_description: 'Catalogue d\'une autre personne' })
        : sendJson(res, 404, { error: 'not_found', error_description: 'Catalogue inconnu' });
    }
    const apps = () => applicationsFor(person, {
      baseUrl: issuer, schoolYear: directory.schoolYear, lastSync: syncs.lastFinished(person.uid),
    });
    const route = `${req.method} ${rest}`;
    switch (route) {
      case 'GET ':
        res.writeHead(204);
        return res.end();
      case 'POST /sync':
        await readBody(req);
        syncs.request(person.uid);
        res.writeHead(202, { 'Content-Length': '0' });
        return res.end();
      case 'GET /sync':
        return sendJson(res, 200, syncs.status(person.uid));
      case 'GET /applications':
        return sendJson(res, 200, apps());
      case 'GET /applications/_ids':
        return sendJson(res, 200, apps().map((a) => a.hubMetadata.idInterne));
      case 'GET /favoris':
      case 'GET /favoris/_ids': {
        const starred = apps().filter((a) => a.hubMetadata.favori)
          .sort((a, b) => Number(a.hubMetadata.rangFavori) - Number(b.hubMetadata.rangFavori));
        return sendJson(res, 200, rest === '/favoris' ? starred : starred.map((a) => a.hubMetadata.idInterne));
      }
      default:
        return sendJson(res, 404, { error: 'not_found', error_description: `${route} n'est pas simulé` });
    }
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string|undefined} uai */
  async function exportDirectory(req, res, uai) {
    if (req.method !== 'GET') {
      return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });
    }
    const value = bearerToken(req);
    const token = value ? await provider.ClientCredentials.find(value) : undefined;
    if (!token || token.isExpired) {
      return unauthorized(res, 'invalid_token', 'Jeton client (client_credentials) manquant, invalide ou expiré');
    }
    if (!token.scopes.has(exportScope)) {
      return sendJson(res, 403, { error: 'insufficient_scope', error_description: `Le jeton doit porter le scope ${exportScope}` });
    }
    if (uai === undefined) {
      return sendJson(res, 200, directory.structures().map(({ index: _index, ...s }) => s));
    }
    const school = directory.structure(safeDecode(uai));
    if (!school) {
      return sendJson(res, 404, { error: 'not_found', error_description: 'Établissement inconnu' });
    }
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
    for (const record of exportRecords(school)) {
      if (res.destroyed) {
        return undefined;
      }
      if (!res.write(`${JSON.stringify(record)}\n`)) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    return res.end();
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} path */
  async function interaction(req, res, path) {
    const match = /^\/idp\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(path);
    if (!match) {
      return sendHtml(res, 404, errorPage({ erreur: 'Page inconnue' }));
    }
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendHtml(res, 400, errorPage({
        erreur: 'Session de connexion introuvable ou expirée. Revenez à l\'application et recommencez.',
      }));
    }
    if (details.uid !== match[1]) {
      return sendHtml(res, 400, errorPage({ erreur: 'Session de connexion incohérente' }));
    }
    const action = `${INTERACTION_PATH}${details.uid}`;
    if (match[2] === '/abort') {
      return provider.interactionFinished(req, res, {
        error: 'access_denied', error_description: 'Connexion annulée par l\'utilisateur',
      }, { mergeWithLastSubmission: false });
    }
    const { prompt, params, session } = details;
    if (prompt.name === 'login') {
      const client = await provider.Client.find(String(params.client_id));
      const clientName = client?.clientName ?? String(params.client_id);
      const form = {
        action: `${action}/login`, abort: `${action}/abort`, clientName, demoAccounts, password,
        login: typeof params.login_hint === 'string' ? params.login_hint : '',
      };
      if (match[2] !== '/login') {
        return sendHtml(res, 200, loginPage(form));
      }
      if (req.method !== 'POST') {
        return sendHtml(res, 405, errorPage({ erreur: 'Méthode non permise' }));
      }
      const body = new URLSearchParams(await readBody(req));
      const login = body.get('login') ?? '';
      const person = directory.authenticate(login, body.get('password') ?? '');
      if (!person) {
        return sendHtml(res, 401, loginPage({ ...form, login, error: 'Identifiant ou mot de passe incorrect.' }));
      }
      return provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
    }
    if (prompt.name === 'consent') {
      // Auto-consent: every configured client is the académie's own service (see README).
      const missing = /** @type {{ missingOIDCScope?: string[], missingOIDCClaims?: string[], missingResourceScopes?: Record<string, string[]> }} */ (prompt.details);
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
      if (!grant) {
        return sendHtml(res, 400, errorPage({ erreur: 'Autorisation introuvable' }));
      }
      if (missing.missingOIDCScope) {
        grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      }
      if (missing.missingOIDCClaims) {
        grant.addOIDCClaims(missing.missingOIDCClaims);
      }
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
    }
    return sendHtml(res, 400, errorPage({ erreur: `Étape de connexion non gérée : ${prompt.name}` }));
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @returns {Promise<unknown>}
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://ent-sim.invalid');
    const path = url.pathname;
    try {
      if (path.startsWith(INTERACTION_PATH)) {
        return await interaction(req, res, path);
      }
      if (path.startsWith('/contacts/')) {
        return await contacts(req, res, path.slice('/contacts/'.length));
      }
      const cat = /^\/(?:safran\/)?api\/v1\/catalogues\/([^/]+)(\/.*)?$/.exec(path);
      if (cat) {
        return await catalogue(req, res, cat[1], cat[2] ?? '');
      }
      if (/^\/(?:safran\/)?api\/v1\/health$/.test(path)) {
        return sendJson(res, 200, { status: 'UP' });
      }
      const exp = /^\/api\/v1\/export\/structures(?:\/([^/]+))?$/.exec(path);
      if (exp) {
        return await exportDirectory(req, res, exp[1]);
      }
      if (req.method === 'GET' && path === '/') {
        return sendHtml(res, 200, homePage({ issuer, structures: directory.structures(), demoAccounts, password }));
      }
      const vignette = /^\/vignettes\/([\w-]+)\.svg$/.exec(path);
      if (vignette) {
        const app = APPLICATIONS.find((a) => a.key === vignette[1]);
        if (!app) {
          return sendJson(res, 404, { error: 'not_found' });
        }
        res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
        return res.end(vignetteSvg(app.title, app.color));
      }
      const launched = /^\/apps\/([\w-]+)(?:\/([\w-]*))?/.exec(path);
      if (launched) {
        const app = APPLICATIONS.find((a) => a.key === launched[1]);
        return app
          ? sendHtml(res, 200, applicationPage({ title: app.title, description: app.description, uai: launched[2] ?? '' }))
          : sendHtml(res, 404, errorPage({ erreur: 'Application inconnue' }));
      }
      if (path === ENT_ROUTES.token && req.method === 'POST' && url.search) {
        moveQueryToBody(req, url);
      }
      if (path === ENT_ROUTES.authorization && req.method === 'GET') {
        requestConsentForOfflineAccess(req, url);
      }
      return await oidc(req, res);
    } catch (err) {
      log('ent-sim: request failed', err);
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'server_error' });
      } else {
        res.destroy();
      }
      return undefined;
    }
  }

  return { handle, issuer, directory, provider };
}

/**
 * The real ENT is called with the token request's parameters in the query string and an empty body
 * (ent-api.md §2.3); oidc-provider reads only the form body. This puts the query parameters in front of
 * the body, before anything has read it.
 * @param {http.IncomingMessage} req
 * @param {URL} url
 */
function moveQueryToBody(req, url) {
  const type = req.headers['content-type'];
  if (type && !/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return; // oidc-provider will reject the content type itself
  }
  const prefix = Buffer.from(`${url.searchParams.toString()}&`);
  req.headers['content-type'] = type ?? 'application/x-www-form-urlencoded';
  if (req.headers['transfer-encoding'] === undefined) {
    req.headers['content-length'] = String(Number(req.headers['content-length'] ?? 0) + prefix.length);
  }
  req.url = url.pathname;
  req.unshift(prefix);
}

/**
 * OpenID Connect drops `offline_access` unless `prompt=consent` is asked; the real ENT issues a refresh
 * token for `openid toutatice offline_access` without it (ent-api.md §2.2), so the simulator adds it.
 * Consent is automatic, so the user sees no difference.
 * @param {http.IncomingMessage} req
 * @param {URL} url
 */
function requestConsentForOfflineAccess(req, url) {
  const scopes = (url.searchParams.get('scope') ?? '').split(' ');
  const prompts = (url.searchParams.get('prompt') ?? '').split(' ').filter(Boolean);
  if (scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
    url.searchParams.set('prompt', [...prompts, 'consent'].join(' '));
    req.url = `${url.pathname}${url.search}`;
  }
}

/** A fresh RS256 signing key. */
function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

/** @param {http.IncomingMessage} req */
function bearerToken(req) {
  const match = /^Bearer +([\w.~+/=-]+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** @param {string} value */
function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * @param {http.IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<string>}
 */
async function readBody(req, limit = 64 * 1024) {
  let size = 0;
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) {
      throw new Error('Request body too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text), ...headers,
  });
  res.end(text);
}

/** @param {http.ServerResponse} res @param {number} status @param {string} html */
function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'",
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** @param {http.ServerResponse} res @param {string} error @param {string} description */
function unauthorized(res, error, description) {
  sendJson(res, 401, { error, error_description: description }, {
    'WWW-Authenticate': `Bearer realm="ent-sim", error="${error}"`,
  });
}
