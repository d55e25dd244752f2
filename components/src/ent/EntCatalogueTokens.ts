import { getLoggerFor, HttpError } from '@solid/community-server';
import { EntCatalogueProblem } from './EntCatalogueProblem';
import type { EntOidcClient } from './EntOidcClient';
import type { EntTokenVault } from './EntTokenVault';

/** Refresh this long before the ENT's announced expiry, for clock skew and the time of the call. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * A usable ENT access token for a person, from the tokens kept since their last ENT sign-in
 * ({@link EntTokenVault}): the stored one while it is valid, else a new one from the refresh token
 * ({@link EntOidcClient.refresh}), stored back at once since the ENT may rotate refresh tokens.
 *
 * Without tokens, or when the ENT refuses the refresh token (expired, revoked), the person has to sign in
 * with the ENT again: `ent-sign-in-required`. An ENT that does not answer is `ent-unavailable`.
 */
export class EntCatalogueTokens {
  protected readonly logger = getLoggerFor(this);
  private readonly vault: EntTokenVault;
  private readonly oidcClient: EntOidcClient;
  private readonly now: () => number;

  /**
   * @param vault - The ENT tokens of each person.
   * @param oidcClient - Refreshes them.
   * @param now - The clock (tests).
   */
  public constructor(vault: EntTokenVault, oidcClient: EntOidcClient, now: () => number = Date.now) {
    this.vault = vault;
    this.oidcClient = oidcClient;
    this.now = now;
  }

  /**
   * The access token of ENT person `uid`.
   *
   * @param forceRefresh - Refresh even if the stored token looks valid (the ENT just refused it).
   */
  public async accessToken(uid: string, forceRefresh = false): Promise<string> {
    const tokens = await this.vault.get(uid);
    if (!tokens) {
      throw new EntCatalogueProblem('ent-sign-in-required', 'Cartable holds no ENT tokens for this person: sign in with the ENT again');
    }
    const expired = tokens.expiresAt !== undefined && tokens.expiresAt - EXPIRY_MARGIN_MS <= this.now();
    if (!forceRefresh && !expired) {
      return tokens.accessToken;
    }
    if (!tokens.refreshToken) {
      throw new EntCatalogueProblem('ent-sign-in-required', 'The ENT access token expired and there is no refresh token: sign in with the ENT again');
    }
    let fresh: Awaited<ReturnType<EntOidcClient['refresh']>>;
    try {
      fresh = await this.oidcClient.refresh(tokens.refreshToken);
    } catch (error: unknown) {
      if (HttpError.isInstance(error) && error.statusCode === 503) {
        throw new EntCatalogueProblem('ent-unavailable', error.message, { cause: error });
      }
      this.logger.info(`The ENT refused to refresh the tokens of an ENT person: ${(error as Error).message}`);
      throw new EntCatalogueProblem('ent-sign-in-required', 'The ENT refused to renew its access: sign in with the ENT again',
        { cause: error });
    }
    await this.vault.set(uid, { ...tokens, ...fresh });
    return fresh.accessToken;
  }
}
