// The ENT relying party against a small hand-made OpenID provider on loopback that can be told to
// misbehave: every bad ID token must be refused, and an unreachable ENT must say so.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { EntOidcClient, pkceChallenge } from '../../../components/dist/ent/EntOidcClient.js';

interface Behaviour {
  issuerClaim?: string;
  audience?: string;
  signWithOther?: boolean;
  expired?: boolean;
  nonce?: string;
  uid?: string | null;
  tokenStatus?: number;
  discoveryIssuer?: string;
}

describe('EntOidcClient', (): void => {
  let server: Server;
  let issuer: string;
  let key: CryptoKey;
  let other: CryptoKey;
  let jwk: JWK;
  let behaviour: Behaviour = {};
  let lastToken: URLSearchParams | undefined;
  let lastAuth: string | undefined;

  before(async(): Promise<void> => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    jwk = { ...await exportJWK(pair.publicKey), kid: 'k1' };
    other = (await generateKeyPair('RS256')).privateKey;
    server = createServer((request, response): void => {
      const url = new URL(request.url ?? '/', issuer);
      let body = '';
      request.on('data', (chunk: Buffer): void => {
        body += chunk.toString();
      });
      request.on('end', (): void => {
        void (async(): Promise<void> => {
          const json = (status: number, value: unknown): void => {
            response.writeHead(status, { 'content-type': 'application/json' });
            response.end(JSON.stringify(value));
          };
          if (url.pathname === '/.well-known/openid-configuration') {
            json(200, {
              issuer: behaviour.discoveryIssuer ?? issuer,
              authorization_endpoint: `${issuer}/authorize`,
              token_endpoint: `${issuer}/token`,
              userinfo_endpoint: `${issuer}/userinfo`,
              jwks_uri: `${issuer}/jwks`,
              end_session_endpoint: `${issuer}/logout`,
            });
          } else if (url.pathname === '/jwks') {
            json(200, { keys: [{ ...jwk, use: 'sig', alg: 'RS256' }]});
          } else if (url.pathname === '/token') {
            lastToken = new URLSearchParams(body);
            lastAuth = request.headers.authorization;
            if (behaviour.tokenStatus) {
              json(behaviour.tokenStatus, { error: 'invalid_grant', error_description: 'code expired' });
              return;
            }
            const now = Math.floor(Date.now() / 1000);
            const idToken = await new SignJWT({ nonce: behaviour.nonce ?? 'the-nonce' })
              .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
              .setIssuer(behaviour.issuerClaim ?? issuer)
              .setAudience(behaviour.audience ?? 'cartable')
              .setSubject('sub-1')
              .setIssuedAt(behaviour.expired ? now - 7200 : now)
              .setExpirationTime(behaviour.expired ? now - 3600 : now + 300)
              .sign(behaviour.signWithOther ? other : key);
            json(200, { access_token: 'at-1', refresh_token: 'rt-1', id_token: idToken, token_type: 'Bearer', expires_in: 300 });
          } else if (url.pathname === '/userinfo') {
            json(200, behaviour.uid === null ? { sub: 'sub-1' } : { sub: 'sub-1', ENTPersonUid: behaviour.uid ?? 'UID1234', unik: 'camille.martin' });
          } else {
            json(404, { error: 'not_found' });
          }
        })();
      });
    });
    await new Promise<void>((resolve): void => {
      server.listen(0, '127.0.0.1', (): void => resolve());
    });
    issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  after((): void => {
    server.close();
  });

  beforeEach((): void => {
    behaviour = {};
  });

  const client = (): EntOidcClient => new EntOidcClient(issuer, 'cartable', 's3cret', 'profile toutatice', 'http://localhost:3000/');

  it('builds the authorization URL with PKCE S256, state and nonce', async(): Promise<void> => {
    const url = new URL(await client().authorizationUrl('st', 'no', 'verifier'));
    assert.equal(url.origin + url.pathname, `${issuer}/authorize`);
    assert.equal(url.searchParams.get('code_challenge'), pkceChallenge('verifier'));
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('state'), 'st');
    assert.equal(url.searchParams.get('nonce'), 'no');
    assert.equal(url.searchParams.get('scope'), 'openid profile toutatice');
    assert.equal(url.searchParams.get('redirect_uri'), 'http://localhost:3000/.account/login/ent/callback/');
  });

  it('exchanges the code with the verifier and returns the ENT person', async(): Promise<void> => {
    const identity = await client().exchangeCode('code-1', 'verifier-1', 'the-nonce');
    assert.equal(identity.uid, 'UID1234');
    assert.equal(identity.claims.unik, 'camille.martin');
    assert.equal(identity.refreshToken, 'rt-1');
    assert.equal(lastToken?.get('code_verifier'), 'verifier-1');
    assert.equal(lastToken?.get('grant_type'), 'authorization_code');
    assert.equal(lastAuth, `Basic ${Buffer.from('cartable:s3cret').toString('base64')}`);
  });

  const refusals: [string, Behaviour, RegExp][] = [
    [ 'another issuer', { issuerClaim: 'https://evil.example' }, /not valid/u ],
    [ 'another audience', { audience: 'someone-else' }, /not valid/u ],
    [ 'a signature by another key', { signWithOther: true }, /not valid/u ],
    [ 'an expired token', { expired: true }, /not valid/u ],
    [ 'a nonce of another sign-in', { nonce: 'replayed' }, /nonce/u ],
    [ 'no person identifier', { uid: null }, /person identifier/u ],
  ];
  for (const [ label, misbehaviour, message ] of refusals) {
    it(`refuses an ID token with ${label} (401)`, async(): Promise<void> => {
      behaviour = misbehaviour;
      await assert.rejects(client().exchangeCode('code', 'verifier', 'the-nonce'), (error: Error & { statusCode?: number }): boolean => {
        assert.equal(error.statusCode, 401, error.message);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('refuses a refused code with the ENT\'s reason (401)', async(): Promise<void> => {
    behaviour = { tokenStatus: 400 };
    await assert.rejects(client().exchangeCode('code', 'verifier', 'the-nonce'), /invalid_grant \(code expired\)/u);
  });

  it('refuses an ENT whose discovery names another issuer (503)', async(): Promise<void> => {
    behaviour = { discoveryIssuer: 'https://impostor.example' };
    await assert.rejects(client().authorizationUrl('s', 'n', 'v'), (error: Error & { statusCode?: number }): boolean =>
      error.statusCode === 503 && /another issuer/u.test(error.message));
  });

  it('says the ENT cannot be reached when nothing answers (503), and tries again later', async(): Promise<void> => {
    const closed = createServer();
    await new Promise<void>((resolve): void => {
      closed.listen(0, '127.0.0.1', (): void => resolve());
    });
    const port = (closed.address() as { port: number }).port;
    closed.close();
    const down = new EntOidcClient(`http://127.0.0.1:${port}`, 'cartable', 's', 'openid', 'http://localhost:3000/', 'ENTPersonUid', 1000);
    await assert.rejects(down.authorizationUrl('s', 'n', 'v'), (error: Error & { statusCode?: number }): boolean =>
      error.statusCode === 503 && /cannot be reached/u.test(error.message));
  });

  it('gives the RP-initiated logout URL with the ID token hint', async(): Promise<void> => {
    const url = new URL((await client().endSessionUrl('idt', 'http://localhost:3000/.account/logout/done/', 'st'))!);
    assert.equal(url.pathname, '/logout');
    assert.equal(url.searchParams.get('id_token_hint'), 'idt');
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), 'http://localhost:3000/.account/logout/done/');
  });
});
