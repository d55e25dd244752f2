import type { AccountLoginStorage } from '@solid/community-server';
import { getLoggerFor, Initializer, InternalServerError } from '@solid/community-server';

export const ENT_LOGIN_TYPE = 'entLogin';

/** The stored record of an ENT login: one per ENT person, pointing at one account. */
const ENT_LOGIN_DESCRIPTION = {
  accountId: 'id:account',
  uid: 'string',
  termsVersion: 'string',
  acceptedAt: 'string',
  acceptedBy: 'string',
} as const;

/** An ENT login as the rest of Cartable sees it. */
export interface EntLogin {
  id: string;
  accountId: string;
  uid: string;
  termsVersion: string;
  acceptedAt: string;
  /** `self` when the person accepted the terms, `operator` when an operator provisioned the account. */
  acceptedBy: string;
}

/**
 * The ENT login method's records in CSS's account storage: ENT person identifier ↔ account, with the
 * version of the terms accepted. A login record makes the account a real one for CSS (accounts without
 * any login are removed after 30 minutes), and its `uid` index makes "one ENT person, one account" cheap
 * to check.
 */
export class EntLoginStore extends Initializer {
  protected readonly logger = getLoggerFor(this);
  private readonly storage: AccountLoginStorage<{ [ENT_LOGIN_TYPE]: typeof ENT_LOGIN_DESCRIPTION }>;
  private initialized = false;

  /**
   * @param storage - CSS's account storage (`urn:solid-server:default:AccountStorage`).
   */
  public constructor(storage: AccountLoginStorage<Record<string, never>>) {
    super();
    this.storage = storage as unknown as AccountLoginStorage<{ [ENT_LOGIN_TYPE]: typeof ENT_LOGIN_DESCRIPTION }>;
  }

  public override async handle(): Promise<void> {
    if (this.initialized) {
      return;
    }
    try {
      await this.storage.defineType(ENT_LOGIN_TYPE, ENT_LOGIN_DESCRIPTION, true);
      await this.storage.createIndex(ENT_LOGIN_TYPE, 'accountId');
      await this.storage.createIndex(ENT_LOGIN_TYPE, 'uid');
      this.initialized = true;
    } catch (cause: unknown) {
      throw new InternalServerError(`Error defining ENT logins in storage: ${(cause as Error).message}`, { cause });
    }
  }

  /** The login of an ENT person, if they have an account. */
  public async findByUid(uid: string): Promise<EntLogin | undefined> {
    const [ found ] = await this.storage.find(ENT_LOGIN_TYPE, { uid });
    return found ? { ...found } : undefined;
  }

  /** The ENT logins of an account. */
  public async findByAccount(accountId: string): Promise<EntLogin[]> {
    return (await this.storage.find(ENT_LOGIN_TYPE, { accountId })).map((login): EntLogin => ({ ...login }));
  }

  /** Links an ENT person to an account, recording the terms they accepted. */
  public async create(uid: string, accountId: string, termsVersion: string, acceptedBy: 'self' | 'operator'):
  Promise<EntLogin> {
    if (await this.findByUid(uid)) {
      throw new InternalServerError(`ENT person ${uid} already has an account`);
    }
    const record = await this.storage.create(ENT_LOGIN_TYPE, {
      accountId, uid, termsVersion, acceptedAt: new Date().toISOString(), acceptedBy,
    });
    return { ...record };
  }
}
