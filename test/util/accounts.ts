// Creates accounts, pods and authenticated sessions through the CSS v7 account API and Solid-OIDC
// client credentials, exactly as a real client would (following `controls`).
import { Session } from '@inrupt/solid-client-authn-node';

export interface TestAccount {
  email: string;
  password: string;
  webId: string;
  pod: string;
  authorization: string;
}

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  const body = await response.text();
  if (!response.ok) {
    throw new Error(`${what}: HTTP ${response.status} ${body}`);
  }
  return JSON.parse(body) as Record<string, unknown>;
}

type Controls = Record<string, Record<string, string>>;

/** The account API controls, optionally as a logged-in account. */
export async function controls(baseUrl: string, authorization?: string): Promise<Controls> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization) {
    headers.authorization = `CSS-Account-Token ${authorization}`;
  }
  const body = await json(await fetch(`${baseUrl}.account/`, { headers }), 'GET /.account/');
  return body.controls as Controls;
}

/** POSTs JSON to an account API control and returns the raw response. */
export async function post(url: string, body: unknown, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (authorization) {
    headers.authorization = `CSS-Account-Token ${authorization}`;
  }
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** A new account with a password login and no pod. */
export async function createAccount(baseUrl: string, email: string, password = 'correct horse battery'):
Promise<string> {
  const base = await controls(baseUrl);
  const { authorization } = await json(await post(base.account.create, {}), 'create account') as { authorization: string };
  const account = await controls(baseUrl, authorization);
  await json(await post(account.password.create, { email, password }, authorization), 'create password');
  return authorization;
}

/** A new account with a password login and a pod called `podName`. */
export async function createAccountWithPod(baseUrl: string, podName: string, settings: Record<string, unknown> = {}):
Promise<TestAccount> {
  const email = `${podName}@test.cartable.example`;
  const password = 'correct horse battery';
  const authorization = await createAccount(baseUrl, email, password);
  const account = await controls(baseUrl, authorization);
  const created = await json(await post(account.account.pod, { name: podName, settings }, authorization), 'create pod');
  return { email, password, authorization, webId: created.webId as string, pod: created.pod as string };
}

/** Logs in with e-mail and password; returns the account token. */
export async function passwordLogin(baseUrl: string, email: string, password: string): Promise<string> {
  const base = await controls(baseUrl);
  const { authorization } = await json(await post(base.password.login, { email, password }), 'password login') as
    { authorization: string };
  return authorization;
}

/** A Solid-OIDC session (client credentials, DPoP) for the account's WebID. */
export async function sessionFor(baseUrl: string, account: { authorization: string; webId: string }): Promise<Session> {
  const ctl = await controls(baseUrl, account.authorization);
  const { id, secret } = await json(await post(ctl.account.clientCredentials,
    { name: 'integration-test', webId: account.webId }, account.authorization), 'client credentials') as
    { id: string; secret: string };
  const session = new Session();
  await session.login({ clientId: id, clientSecret: secret, oidcIssuer: baseUrl, tokenType: 'DPoP' });
  if (!session.info.isLoggedIn) {
    throw new Error(`Client credentials login failed for ${account.webId}`);
  }
  return session;
}

/** A plain Bearer access token for the account's WebID (client credentials without DPoP), for raw HTTP calls. */
export async function bearerTokenFor(baseUrl: string, account: { authorization: string; webId: string }): Promise<string> {
  const ctl = await controls(baseUrl, account.authorization);
  const { id, secret } = await json(await post(ctl.account.clientCredentials,
    { name: 'raw-http-test', webId: account.webId }, account.authorization), 'client credentials') as
    { id: string; secret: string };
  const config = await json(await fetch(`${baseUrl}.well-known/openid-configuration`), 'openid configuration') as
    { token_endpoint: string };
  const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
  const token = await json(await fetch(config.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=webid',
  }), 'token request') as { access_token: string };
  return token.access_token;
}

/** New client credentials (id and secret) of `account`'s WebID, for the pod command-line tools. */
export async function clientCredentialsFor(baseUrl: string, account: { authorization: string; webId: string }, name = 'test'):
Promise<{ id: string; secret: string }> {
  const ctl = await controls(baseUrl, account.authorization);
  const response = await post(ctl.account.clientCredentials, { name, webId: account.webId }, account.authorization);
  if (response.status !== 200) {
    throw new Error(`client credentials for ${account.webId}: HTTP ${response.status} ${await response.text()}`);
  }
  return await response.json() as { id: string; secret: string };
}
