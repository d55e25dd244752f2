// The ENT access token used for the catalogue: the stored one while valid, a refreshed one (stored back,
// since refresh tokens rotate) when expired or refused, and a clear "sign in again" when that fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EntAuthenticationHttpError, EntUnavailableHttpError } from '../../../components/dist/ent/EntOidcClient.js';
import type { EntOidcClient } from '../../../components/dist/ent/EntOidcClient.js';
import { EntCatalogueProblem } from '../../../components/dist/ent/EntCatalogueProblem.js';
import { EntCatalogueTokens } from '../../../components/dist/ent/EntCatalogueTokens.js';
import type { EntTokens, EntTokenVault } from '../../../components/dist/ent/EntTokenVault.js';

const NOW = 1_800_000_000_000;

class FakeVault {
  public readonly tokens = new Map<string, EntTokens>();
  public async get(uid: string): Promise<EntTokens | undefined> {
    return this.tokens.get(uid);
  }

  public async set(uid: string, tokens: EntTokens): Promise<void> {
    this.tokens.set(uid, tokens);
  }
}

class FakeOidc {
  public readonly refreshed: string[] = [];
  public failure?: Error;
  public async refresh(refreshToken: string): Promise<{ accessToken: string; refreshToken?: string; expiresAt?: number }> {
    this.refreshed.push(refreshToken);
    if (this.failure) {
      throw this.failure;
    }
    return { accessToken: `access-${this.refreshed.length}`, refreshToken: `refresh-${this.refreshed.length}`, expiresAt: NOW + 3_600_000 };
  }
}

function setup(tokens?: EntTokens): { vault: FakeVault; oidc: FakeOidc; tokens: EntCatalogueTokens } {
  const vault = new FakeVault();
  if (tokens) {
    vault.tokens.set('UID1', tokens);
  }
  const oidc = new FakeOidc();
  return { vault, oidc, tokens: new EntCatalogueTokens(vault as unknown as EntTokenVault, oidc as unknown as EntOidcClient, (): number => NOW) };
}

async function problem(promise: Promise<unknown>): Promise<EntCatalogueProblem> {
  const error = await promise.catch((e: unknown): unknown => e);
  assert.ok(error instanceof EntCatalogueProblem, `expected a problem, got ${String(error)}`);
  return error;
}

describe('EntCatalogueTokens', (): void => {
  it('gives the stored access token while it is valid, without calling the ENT', async(): Promise<void> => {
    const { oidc, tokens } = setup({ accessToken: 'stored', refreshToken: 'r0', expiresAt: NOW + 600_000 });
    assert.equal(await tokens.accessToken('UID1'), 'stored');
    assert.equal(oidc.refreshed.length, 0);
  });

  it('uses a token without a known expiry as it is', async(): Promise<void> => {
    const { tokens } = setup({ accessToken: 'stored' });
    assert.equal(await tokens.accessToken('UID1'), 'stored');
  });

  it('refreshes an expired (or nearly expired) token and stores the new tokens, keeping the ID token', async(): Promise<void> => {
    const { vault, oidc, tokens } = setup({ accessToken: 'old', refreshToken: 'r0', idToken: 'id', expiresAt: NOW + 10_000 });
    assert.equal(await tokens.accessToken('UID1'), 'access-1');
    assert.deepEqual(oidc.refreshed, [ 'r0' ]);
    assert.deepEqual(vault.tokens.get('UID1'), { accessToken: 'access-1', refreshToken: 'refresh-1', idToken: 'id', expiresAt: NOW + 3_600_000 });
  });

  it('refreshes a valid-looking token when asked to (the ENT refused it)', async(): Promise<void> => {
    const { oidc, tokens } = setup({ accessToken: 'revoked', refreshToken: 'r0', expiresAt: NOW + 600_000 });
    assert.equal(await tokens.accessToken('UID1', true), 'access-1');
    assert.deepEqual(oidc.refreshed, [ 'r0' ]);
  });

  it('asks for a new ENT sign-in without tokens, without a refresh token, or when the ENT refuses the refresh', async(): Promise<void> => {
    assert.equal((await problem(setup().tokens.accessToken('UID1'))).kind, 'ent-sign-in-required');
    assert.equal((await problem(setup({ accessToken: 'old', expiresAt: NOW - 1 }).tokens.accessToken('UID1'))).kind,
      'ent-sign-in-required');
    const refused = setup({ accessToken: 'old', refreshToken: 'r0', expiresAt: NOW - 1 });
    refused.oidc.failure = new EntAuthenticationHttpError('The ENT refused the sign-in code: invalid_grant');
    const error = await problem(refused.tokens.accessToken('UID1'));
    assert.equal(error.kind, 'ent-sign-in-required');
    assert.equal(error.statusCode, 502);
    assert.equal(refused.vault.tokens.get('UID1')?.accessToken, 'old', 'nothing stored');
  });

  it('says the ENT is unavailable when the refresh cannot reach it', async(): Promise<void> => {
    const down = setup({ accessToken: 'old', refreshToken: 'r0', expiresAt: NOW - 1 });
    down.oidc.failure = new EntUnavailableHttpError('The ENT cannot be reached (token): ECONNREFUSED');
    const error = await problem(down.tokens.accessToken('UID1'));
    assert.equal(error.kind, 'ent-unavailable');
    assert.equal(error.statusCode, 503);
  });
});
