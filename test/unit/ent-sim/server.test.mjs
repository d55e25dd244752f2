import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createRemoteJWKSet, jwtVerify } from 'jose';

import { createDemoDirectory, createDirectory } from '../../../ent-sim/directory.mjs';
import { startEntSimulator } from '../../../ent-sim/server.mjs';
import { Browser, authorize, tokenRequest } from './oidc-client.mjs';

const CLIENT = {
  client_id: 'cartable-test',
  client_secret: 'un-secret-de-test',
  redirect_uris: ['http://localhost:3999/ent/callback'],
  post_logout_redirect_uris: ['http://localhost:3999/ent/logged-out'],
  client_name: 'Cartable (test)',
};
const PUBLIC_CLIENT = {
  client_id: 'cartable-public', redirect_uris: ['http://localhost:3999/public/callback'],
};
const BASIC = { id: CLIENT.client_id, secret: CLIENT.client_secret };
const FIXED_CATALOGUE = '3ec0316e-2cbc-4a7e-ba0d-81e127d98600';

/** @type {Awaited<ReturnType<typeof startEntSimulator>>} */
let sim;
/** @type {Record<string, any>} */
let discovery;

before(async () => {
  sim = await startEntSimulator({
    port: 0, clients: [CLIENT, PUBLIC_CLIENT], directory: createDemoDirectory({ schoolYear: 2025 }),
    syncDelayMs: 50, log: () => {},
  });
  discovery = await (await fetch(`${sim.url}/.well-known/openid-configuration`)).json();
});

after(async () => {
  await sim?.stop();
});

/**
 * Logs a demo person in and exchanges the code.
 * @param {string} login
 * @param {{ scope?: string, browser?: Browser }} [options]
 */
async function signIn(login, { scope, browser = new Browser() } = {}) {
  const flow = await authorize({
    browser, issuer: sim.issuer, authorizationEndpoint: discovery.authorization_endpoint,
    client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login, password: 'demo', scope,
  });
  assert.ok(flow.code, `no code: ${flow.steps.join(' → ')}`);
  const token = await tokenRequest(discovery.token_endpoint, {
    grant_type: 'authorization_code', code: flow.code, redirect_uri: CLIENT.redirect_uris[0], code_verifier: flow.verifier,
  }, BASIC);
  assert.equal(token.status, 200, JSON.stringify(token.body));
  return { flow, token: token.body, browser };
}

/** @param {string} path @param {string} token @param {RequestInit} [init] */
function api(path, token, init = {}) {
  return fetch(`${sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
}

describe('simulated ENT: OpenID provider', () => {
  it('publishes its endpoints at the Toutatice (Shibboleth) paths', () => {
    assert.equal(discovery.issuer, sim.issuer);
    assert.equal(discovery.authorization_endpoint, `${sim.issuer}/idp/profile/oidc/authorize`);
    assert.equal(discovery.token_endpoint, `${sim.issuer}/idp/profile/oidc/token`);
    assert.equal(discovery.userinfo_endpoint, `${sim.issuer}/idp/profile/oidc/userinfo`);
    assert.ok(discovery.jwks_uri.startsWith(`${sim.issuer}/idp/profile/oidc/`));
    assert.ok(discovery.end_session_endpoint.startsWith(`${sim.issuer}/idp/profile/oidc/`));
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(discovery.response_types_supported, ['code']);
    for (const scope of ['openid', 'toutatice', 'offline_access']) {
      assert.ok(discovery.scopes_supported.includes(scope), scope);
    }
  });

  it('runs the whole journey: code + PKCE, ID token, userinfo, contacts, catalogue, refresh, logout', async () => {
    const browser = new Browser();
    const flow = await authorize({
      browser, issuer: sim.issuer, authorizationEndpoint: discovery.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: 'camille.martin', password: 'demo',
    });
    assert.ok(flow.code);
    assert.equal(flow.returnedState, flow.state);
    assert.equal(flow.iss, sim.issuer);

    const exchanged = await tokenRequest(discovery.token_endpoint, {
      grant_type: 'authorization_code', code: flow.code, redirect_uri: CLIENT.redirect_uris[0], code_verifier: flow.verifier,
    }, BASIC);
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
    const tokens = exchanged.body;
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token);
    assert.ok(tokens.expires_in > 0);

    // The ID token, verified with the issuer's published keys.
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, { issuer: sim.issuer, audience: CLIENT.client_id });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.nonce, flow.nonce);
    assert.match(String(payload.ENTPersonUid), /^UID[0-9A-F]{8}$/);
    assert.notEqual(payload.sub, payload.ENTPersonUid);
    await assert.rejects(jwtVerify(tokens.id_token, jwks, { issuer: sim.issuer, audience: 'another-client' }));

    const userinfo = await (await api('/idp/profile/oidc/userinfo', tokens.access_token)).json();
    assert.equal(userinfo.ENTPersonUid, payload.ENTPersonUid);
    assert.equal(userinfo.unik, 'camille.martin');
    assert.equal(userinfo.sub, payload.sub);
    const uid = userinfo.ENTPersonUid;

    const contacts = await api(`/contacts/${encodeURIComponent(uid)}`, tokens.access_token);
    assert.equal(contacts.status, 200);
    const view = await contacts.json();
    assert.equal(view.structures[0].groups[0].gid, '4A');
    assert.ok(view.structures[0].groups.every((/** @type {any} */ g) => g.gid && g.name && Array.isArray(g.group_contacts)));
    assert.ok(view.contacts.some((/** @type {any} */ c) => c.uuid === uid && c.title === 'ele'));

    // Catalogue, under the user's ENTPersonUid and under the connector's fixed id.
    for (const id of [uid, FIXED_CATALOGUE]) {
      const sync = await api(`/safran/api/v1/catalogues/${encodeURIComponent(id)}/sync`, tokens.access_token, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
      });
      assert.equal(sync.status, 202);
    }
    const waiting = await (await api(`/safran/api/v1/catalogues/${uid}/sync`, tokens.access_token)).json();
    assert.ok(['WAITING', 'IN_PROGRESS'].includes(waiting.state), waiting.state);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const done = await (await api(`/safran/api/v1/catalogues/${uid}/sync`, tokens.access_token)).json();
    assert.equal(done.state, 'DONE');
    for (const id of [uid, FIXED_CATALOGUE]) {
      const apps = await (await api(`/safran/api/v1/catalogues/${id}/applications`, tokens.access_token)).json();
      assert.ok(Array.isArray(apps) && apps.length >= 5);
      assert.ok(apps.some((/** @type {any} */ a) => a.title[0] === 'Pronote' && a.hubMetadata.favori));
      const icon = await fetch(apps[0].vignette);
      assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
      await icon.arrayBuffer();
    }

    // Refresh token grant: a new access token that works.
    const refreshed = await tokenRequest(discovery.token_endpoint, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, BASIC);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.notEqual(refreshed.body.access_token, tokens.access_token);
    assert.equal((await api('/idp/profile/oidc/userinfo', refreshed.body.access_token)).status, 200);

    // RP-initiated logout back to the registered URI, then the ENT session is gone.
    const logoutUrl = new URL(discovery.end_session_endpoint);
    logoutUrl.searchParams.set('id_token_hint', tokens.id_token);
    logoutUrl.searchParams.set('post_logout_redirect_uri', CLIENT.post_logout_redirect_uris[0]);
    logoutUrl.searchParams.set('state', 'au-revoir');
    const confirmPage = await browser.request(logoutUrl.href);
    assert.equal(confirmPage.status, 200);
    const html = await confirmPage.text();
    assert.match(html, /lang="fr"/);
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action && xsrf);
    const loggedOut = await browser.request(action, { method: 'POST', form: { xsrf, logout: 'yes' } });
    assert.equal(loggedOut.status, 303);
    const back = new URL(/** @type {string} */ (loggedOut.headers.get('location')));
    assert.equal(`${back.origin}${back.pathname}`, CLIENT.post_logout_redirect_uris[0]);
    assert.equal(back.searchParams.get('state'), 'au-revoir');

    const silent = new URL(discovery.authorization_endpoint);
    for (const [k, v] of Object.entries({
      client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0], response_type: 'code', scope: 'openid', prompt: 'none',
    })) {
      silent.searchParams.set(k, v);
    }
    const again = await browser.request(silent.href);
    assert.equal(new URL(/** @type {string} */ (again.headers.get('location'))).searchParams.get('error'), 'login_required');
  });

  it('keeps an ENT session: a second client login needs no password', async () => {
    const { browser } = await signIn('claire.morvan');
    const second = await authorize({
      browser, issuer: sim.issuer, authorizationEndpoint: discovery.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: 'wrong', password: 'wrong',
      scope: 'openid toutatice',
    });
    assert.ok(second.code, second.steps.join(' → '));
  });

  it('refuses a wrong password with the form and a message', async () => {
    const flow = await authorize({
      browser: new Browser(), issuer: sim.issuer, authorizationEndpoint: discovery.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: 'camille.martin', password: 'pas-le-bon',
    });
    assert.equal(flow.code, undefined);
    assert.equal(flow.loginStatus, 401);
    assert.match(String(flow.loginHtml), /role="alert"[^>]*>Identifiant ou mot de passe incorrect/);
    assert.match(String(flow.loginHtml), /value="camille.martin"/);
  });

  it('refuses a wrong client secret', async () => {
    const flow = await authorize({
      browser: new Browser(), issuer: sim.issuer, authorizationEndpoint: discovery.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: 'lina.legoff', password: 'demo',
    });
    const res = await tokenRequest(discovery.token_endpoint, {
      grant_type: 'authorization_code', code: String(flow.code), redirect_uri: CLIENT.redirect_uris[0], code_verifier: flow.verifier,
    }, { id: CLIENT.client_id, secret: 'mauvais-secret' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  it('refuses a wrong code_verifier', async () => {
    const flow = await authorize({
      browser: new Browser(), issuer: sim.issuer, authorizationEndpoint: discovery.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: 'noe.tanguy', password: 'demo',
    });
    const res = await tokenRequest(discovery.token_endpoint, {
      grant_type: 'authorization_code', code: String(flow.code), redirect_uri: CLIENT.redirect_uris[0],
      code_verifier: 'a'.repeat(43),
    }, BASIC);
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
  });

  it('accepts the token request parameters in the query string, as the ENT\'s own script sends them', async () => {
    const flow = await authorize({
      browser: new Browser(), issuer: sim.issuer, authorizationEndpoint: discovery.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: 'jade.riou', password: 'demo',
    });
    const url = new URL(discovery.token_endpoint);
    for (const [k, v] of Object.entries({
      code: String(flow.code), grant_type: 'authorization_code', client_id: CLIENT.client_id,
      client_secret: CLIENT.client_secret, redirect_uri: CLIENT.redirect_uris[0], code_verifier: flow.verifier,
    })) {
      url.searchParams.set(k, v);
    }
    const res = await fetch(url, { method: 'POST' });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.ok(body.access_token && body.refresh_token);
    const userinfo = await (await api('/idp/profile/oidc/userinfo', body.access_token)).json();
    assert.equal(userinfo.unik, 'jade.riou');
  });

  it('requires PKCE from public clients', async () => {
    const url = new URL(discovery.authorization_endpoint);
    for (const [k, v] of Object.entries({
      client_id: PUBLIC_CLIENT.client_id, redirect_uri: PUBLIC_CLIENT.redirect_uris[0], response_type: 'code', scope: 'openid',
    })) {
      url.searchParams.set(k, v);
    }
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(/** @type {string} */ (res.headers.get('location')));
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(String(location.searchParams.get('error_description')), /PKCE/);
  });
});

describe('simulated ENT: APIs', () => {
  /** @type {{ token: Record<string, any> }} */
  let pupil;
  /** @type {string} */
  let pupilUid;

  before(async () => {
    pupil = await signIn('mael.guillou');
    pupilUid = (await (await api('/idp/profile/oidc/userinfo', pupil.token.access_token)).json()).ENTPersonUid;
  });

  it('refuses the contacts of another person, and requests without a valid token', async () => {
    const other = sim.directory.personByLogin('camille.martin');
    assert.ok(other);
    const res = await api(`/contacts/${other.uid}`, pupil.token.access_token);
    assert.equal(res.status, 403);
    assert.equal((await res.json()).error, 'forbidden');
    const anonymous = await fetch(`${sim.url}/contacts/${pupilUid}`);
    assert.equal(anonymous.status, 401);
    assert.match(String(anonymous.headers.get('www-authenticate')), /^Bearer /);
    await anonymous.arrayBuffer();
    const forged = await api(`/contacts/${pupilUid}`, 'not-a-token');
    assert.equal(forged.status, 401);
    await forged.arrayBuffer();
    const otherCatalogue = await api(`/safran/api/v1/catalogues/${other.uid}/applications`, pupil.token.access_token);
    assert.equal(otherCatalogue.status, 403);
    await otherCatalogue.arrayBuffer();
  });

  it('needs the toutatice scope for the APIs', async () => {
    const { token } = await signIn('yanis.kerbrat', { scope: 'openid' });
    const res = await api(`/contacts/${(await (await api('/idp/profile/oidc/userinfo', token.access_token)).json()).ENTPersonUid}`, token.access_token);
    assert.equal(res.status, 403);
    assert.equal((await res.json()).error, 'insufficient_scope');
  });

  it('answers 204 when a person has no contacts (parents)', async () => {
    const { token } = await signIn('sophie.martin');
    const uid = sim.directory.personByLogin('sophie.martin')?.uid;
    const res = await api(`/contacts/${uid}`, token.access_token);
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
  });

  it('exports a structure as NDJSON to a client-credentials token with the annuaire scope only', async () => {
    const cc = await tokenRequest(discovery.token_endpoint, { grant_type: 'client_credentials', scope: 'annuaire' }, BASIC);
    assert.equal(cc.status, 200, JSON.stringify(cc.body));
    const structures = await (await api('/api/v1/export/structures', cc.body.access_token)).json();
    assert.equal(structures.length, 1);
    const res = await api(`/api/v1/export/structures/${structures[0].uai}`, cc.body.access_token);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^application\/x-ndjson/);
    const records = (await res.text()).trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(records[0].type, 'structure');
    assert.equal(records.filter((r) => r.type === 'person').length, 12);
    assert.ok(records.some((r) => r.type === 'group' && r.gid === '4A' && r.members.length === 3));

    const userToken = await api(`/api/v1/export/structures/${structures[0].uai}`, pupil.token.access_token);
    assert.equal(userToken.status, 401);
    await userToken.arrayBuffer();
    const noScope = await tokenRequest(discovery.token_endpoint, { grant_type: 'client_credentials' }, BASIC);
    const refused = await api('/api/v1/export/structures', noScope.body.access_token);
    assert.equal(refused.status, 403);
    await refused.arrayBuffer();
  });

  it('serves French, accessible pages', async () => {
    const home = await fetch(`${sim.url}/`);
    const html = await home.text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /camille\.martin/);
    const unknownInteraction = await fetch(`${sim.url}/idp/interaction/abc`);
    assert.equal(unknownInteraction.status, 400);
    assert.match(await unknownInteraction.text(), /role="alert"/);
  });
});

describe('simulated ENT over a generated directory', () => {
  /** @type {Awaited<ReturnType<typeof startEntSimulator>>} */
  let generated;
  /** @type {Record<string, any>} */
  let config;

  before(async () => {
    generated = await startEntSimulator({
      port: 0, clients: [CLIENT], directory: createDirectory({ seed: 9, schools: 2, schoolYear: 2025, password: 'secret' }),
      log: () => {},
    });
    config = await (await fetch(`${generated.url}/.well-known/openid-configuration`)).json();
  });

  after(async () => {
    await generated?.stop();
  });

  it('logs a generated teacher in with the configured password and shows their classes', async () => {
    const school = generated.directory.school(1);
    const teacher = school.persons.find((p) => p.role === 'enseignant' && p.groups.length > 1);
    assert.ok(teacher);
    assert.match(teacher.login, /\d$/);
    const flow = await authorize({
      browser: new Browser(), issuer: generated.issuer, authorizationEndpoint: config.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: teacher.login, password: 'secret',
    });
    const tokens = await tokenRequest(config.token_endpoint, {
      grant_type: 'authorization_code', code: String(flow.code), redirect_uri: CLIENT.redirect_uris[0], code_verifier: flow.verifier,
    }, BASIC);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const res = await fetch(`${generated.url}/contacts/${encodeURIComponent(teacher.uid)}`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    assert.equal(res.status, 200);
    const view = await res.json();
    assert.equal(view.structures[0].structure, school.uai);
    assert.deepEqual(view.structures[0].groups.map((/** @type {any} */ g) => g.gid), [...teacher.groups, 'ENS']);
    assert.equal(view.contacts.filter((/** @type {any} */ c) => c.title === 'ens').length,
      school.persons.filter((p) => p.role === 'enseignant').length);

    const demoPassword = await authorize({
      browser: new Browser(), issuer: generated.issuer, authorizationEndpoint: config.authorization_endpoint,
      client: { client_id: CLIENT.client_id, redirect_uri: CLIENT.redirect_uris[0] }, login: teacher.login, password: 'demo',
    });
    assert.equal(demoPassword.loginStatus, 401);
  });
});
