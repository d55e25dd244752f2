// The simulated ENT for integration tests, and a small multi-host "browser" (cookie jar per host, manual
// redirects) that walks the ENT sign-in as a person would: Cartable → ENT login form → Cartable terms.
import { randomBytes } from 'node:crypto';
import { Session } from '@inrupt/solid-client-authn-node';
import { startEntSimulator } from '../../ent-sim/server.mjs';
import { after, before } from 'node:test';
import type { EntSettings, TestServer } from './cartable.ts';
import { freePort, startTestServer } from './cartable.ts';

export interface TestEnt {
  url: string;
  stop: () => Promise<void>;
  settingsFor: (cartableUrl: string) => EntSettings;
}

/**
 * Starts the simulated ENT (demo directory) on 127.0.0.1 — another host name than Cartable's localhost, as
 * browsers share cookies across ports — with a client registered for the given Cartable URL.
 */
export async function startTestEnt(cartableUrl: string): Promise<TestEnt> {
  const port = await freePort();
  const secret = randomBytes(16).toString('hex');
  const sim = await startEntSimulator({
    port,
    host: '127.0.0.1',
    log: (): void => undefined,
    clients: [{
      client_id: 'cartable-test',
      client_secret: secret,
      redirect_uris: [ `${cartableUrl}.account/login/ent/callback/` ],
      post_logout_redirect_uris: [ cartableUrl, `${cartableUrl}.account/logout/done/` ],
    }],
  });
  return {
    url: sim.url,
    stop: sim.stop,
    settingsFor: (): EntSettings => ({
      issuer: sim.url, clientId: 'cartable-test', clientSecret: secret, scope: 'openid profile toutatice offline_access',
    }),
  };
}

/** Cookies per host, sent back by path prefix. */
export class MultiHostBrowser {
  private readonly jars = new Map<string, Map<string, { name: string; value: string; path: string }>>();
  public readonly visited: string[] = [];

  private jar(host: string): Map<string, { name: string; value: string; path: string }> {
    let jar = this.jars.get(host);
    if (!jar) {
      jar = new Map();
      this.jars.set(host, jar);
    }
    return jar;
  }

  /** Sets a cookie as a page script would (`document.cookie`). */
  public setCookie(host: string, name: string, value: string, path = '/'): void {
    this.jar(host).set(`${name};${path}`, { name, value, path });
  }

  public cookie(host: string, name: string): string | undefined {
    return [ ...this.jar(host).values() ].find((cookie): boolean => cookie.name === name)?.value;
  }

  public async request(url: string, init: { method?: string; form?: Record<string, string>; accept?: string } = {}):
  Promise<Response> {
    const target = new URL(url);
    const jar = this.jar(target.host);
    const cookie = [ ...jar.values() ]
      .filter((c): boolean => target.pathname.startsWith(c.path))
      .map((c): string => `${c.name}=${c.value}`).join('; ');
    const headers: Record<string, string> = { accept: init.accept ?? 'text/html' };
    if (cookie) {
      headers.cookie = cookie;
    }
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    this.visited.push(`${init.method ?? 'GET'} ${target.href} → ${response.status}`);
    for (const line of response.headers.getSetCookie()) {
      const [ pair = '', ...attributes ] = line.split(';').map((part): string => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [ key = '', val = '' ] = attribute.split('=');
        if (key.toLowerCase() === 'path') {
          path = val;
        }
        if ((key.toLowerCase() === 'max-age' && Number(val) <= 0) ||
          (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now())) {
          expired = true;
        }
      }
      if (expired) {
        jar.delete(`${name};${path}`);
      } else {
        jar.set(`${name};${path}`, { name, value, path });
      }
    }
    return response;
  }

  /**
   * Follows redirects from `url`, filling the ENT's login form with the given credentials when it shows up,
   * until a page that is not the ENT login form (returned with its URL and body).
   */
  public async walk(url: string, login: string, password: string): Promise<{ url: string; status: number; html: string }> {
    let current = url;
    let response = await this.request(current);
    for (let step = 0; step < 20; step++) {
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).href;
        response = await this.request(current);
        continue;
      }
      const html = await response.text();
      const action = /<form method="post" action="([^"]+)"/u.exec(html)?.[1];
      if (action && html.includes('name="password"') && html.includes('name="login"')) {
        current = new URL(action.replace(/&amp;/gu, '&'), current).href;
        response = await this.request(current, { method: 'POST', form: { login, password }});
        continue;
      }
      return { url: current, status: response.status, html };
    }
    throw new Error(`Too many redirects: ${this.visited.join('\n')}`);
  }
}

/** Calls the account API with the CSS account cookie a browser got from the ENT sign-in. */
export async function accountApi(url: string, cookie: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { accept: 'application/json', cookie: `css-account=${cookie}`, ...body === undefined ? {} : { 'content-type': 'application/json' }},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${url}: ${response.status} ${text}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * A person signs in with the ENT (accepting the terms the first time); returns their WebID, pod, account
 * cookie and client credentials for that WebID (for Solid-OIDC sessions in tests).
 */
export async function signInWithEnt(baseUrl: string, login: string, password = 'demo'):
Promise<{ webId: string; pod: string; cookie: string; id: string; secret: string; authorization: string }> {
  const browser = new MultiHostBrowser();
  const page = await browser.walk(`${baseUrl}.account/login/ent/`, login, password);
  const token = /name="token" value="([^"]+)"/u.exec(page.html)?.[1];
  if (token) {
    const accepted = await browser.request(page.url.split('?')[0], { method: 'POST', form: { token, decision: 'accept' }});
    if (accepted.status !== 303) {
      throw new Error(`Accepting the terms failed: ${accepted.status}`);
    }
  }
  const cookie = browser.cookie(new URL(baseUrl).host, 'css-account');
  if (!cookie) {
    throw new Error(`${login} is not signed in to Cartable: ${browser.visited.slice(-4).join(' | ')}`);
  }
  const { controls } = await accountApi(`${baseUrl}.account/`, cookie) as { controls: { account: Record<string, string> } };
  const { webIdLinks } = await accountApi(controls.account.webId, cookie) as { webIdLinks: Record<string, string> };
  const [ webId ] = Object.keys(webIdLinks);
  const { pods } = await accountApi(controls.account.pod, cookie) as { pods: Record<string, string> };
  const [ pod ] = Object.keys(pods);
  if (!webId || !pod) {
    throw new Error(`${login} has no WebID or pod`);
  }
  const { id, secret } = await accountApi(controls.account.clientCredentials, cookie, { name: 'ent-test', webId }) as
    { id: string; secret: string };
  return { webId, pod, cookie, id, secret, authorization: cookie };
}

/** A Solid-OIDC session (client credentials, DPoP) for a person signed in with {@link signInWithEnt}. */
export async function sessionOf(baseUrl: string, person: { id: string; secret: string }): Promise<Session> {
  const session = new Session();
  await session.login({ clientId: person.id, clientSecret: person.secret, oidcIssuer: baseUrl, tokenType: 'DPoP' });
  return session;
}

/**
 * For `describe` blocks that need the simulated ENT beside a Cartable connected to it: starts both before
 * the tests, and stops them (and logs out the sessions pushed to `sessions`) after.
 */
export function useEntServer(options: { demo?: boolean } = {}):
{ server: () => TestServer; ent: () => TestEnt; sessions: Session[] } {
  let server: TestServer | undefined;
  let ent: TestEnt | undefined;
  const sessions: Session[] = [];
  before(async(): Promise<void> => {
    const port = await freePort();
    ent = await startTestEnt(`http://localhost:${port}/`);
    server = await startTestServer({ port, demo: options.demo, ent: ent.settingsFor(`http://localhost:${port}/`) });
  });
  after(async(): Promise<void> => {
    await Promise.all(sessions.map(async(session): Promise<void> => session.logout()));
    await server?.stop();
    await ent?.stop();
  });
  return { server: (): TestServer => server!, ent: (): TestEnt => ent!, sessions };
}
