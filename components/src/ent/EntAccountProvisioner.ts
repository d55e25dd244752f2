import { readFile } from 'node:fs/promises';
import type { AccountStore, PasswordStore, PodCreator, PodStore, ReadWriteLocker } from '@solid/community-server';
import { getLoggerFor } from '@solid/community-server';
import { parseDemoSchool } from '../init/DemoSchoolInitializer';
import { opaquePodName } from '../pods/PodNamePolicy';
import { resolvePackagePath } from '../util/PackagePath';
import type { EntClaimMapper } from './EntClaimMapper';
import type { EntLoginStore } from './EntLoginStore';

/** The result of provisioning: the account the ENT person signs in to. */
export interface ProvisionedAccount {
  accountId: string;
  /** True when a new account and pod were created now. */
  created: boolean;
}

/**
 * Gives an ENT person their account, exactly once: the ENT login record, the account and the pod (opaque
 * name, layout of `CartablePodGenerator`, person details from the ENT claims in the private about document).
 *
 * CSS's account storage has no uniqueness constraint, so concurrent first sign-ins of the same person are
 * serialised with a write lock on the person's identifier and the login is looked up again inside it. A
 * demo person seeded before ENT login existed (seed file entry with `entUid`) is linked to their existing
 * account instead of getting a second one.
 */
export class EntAccountProvisioner {
  protected readonly logger = getLoggerFor(this);
  private readonly loginStore: EntLoginStore;
  private readonly accountStore: AccountStore;
  private readonly podCreator: PodCreator;
  private readonly podStore: PodStore;
  private readonly passwordStore: PasswordStore;
  private readonly locker: ReadWriteLocker;
  private readonly claims: EntClaimMapper;
  private readonly baseUrl: string;
  private readonly termsVersion: string;
  private readonly legacySeedFile: string;

  /**
   * @param loginStore - ENT login records.
   * @param accountStore - Creates accounts.
   * @param podCreator - Creates pods (Cartable's validating creator).
   * @param podStore - Finds the pods of a linked account.
   * @param passwordStore - Finds demo accounts seeded with a password login.
   * @param locker - Serialises first sign-ins of one person.
   * @param claims - Turns ENT claims into pod settings.
   * @param baseUrl - The server's base URL (lock identifiers live under it).
   * @param termsVersion - Version of the terms of use being accepted.
   * @param legacySeedFile - Demo seed file whose `entUid` entries link old demo accounts ('' for none).
   */
  public constructor(loginStore: EntLoginStore, accountStore: AccountStore, podCreator: PodCreator, podStore: PodStore,
    passwordStore: PasswordStore, locker: ReadWriteLocker, claims: EntClaimMapper, baseUrl: string, termsVersion: string,
    legacySeedFile = '') {
    this.loginStore = loginStore;
    this.accountStore = accountStore;
    this.podCreator = podCreator;
    this.podStore = podStore;
    this.passwordStore = passwordStore;
    this.locker = locker;
    this.claims = claims;
    this.baseUrl = baseUrl;
    this.termsVersion = termsVersion;
    this.legacySeedFile = legacySeedFile;
  }

  /** The terms version a person accepts now. */
  public get currentTermsVersion(): string {
    return this.termsVersion;
  }

  /** The first pod of an account (the person's cartable). */
  public async podOf(accountId: string): Promise<string | undefined> {
    return (await this.podStore.findPods(accountId))[0]?.baseUrl;
  }

  /** The account of an ENT person who already has one. */
  public async find(uid: string): Promise<string | undefined> {
    return (await this.loginStore.findByUid(uid))?.accountId;
  }

  /** Creates (or links) the account of an ENT person who accepted the terms. */
  public async provision(uid: string, claims: Record<string, unknown>, acceptedBy: 'self' | 'operator',
    place: Record<string, string | undefined> = {}): Promise<ProvisionedAccount> {
    const lock = { path: `${this.baseUrl}.internal/cartable/ent-signup/${encodeURIComponent(uid)}` };
    return this.locker.withWriteLock(lock, async(): Promise<ProvisionedAccount> => {
      const existing = await this.loginStore.findByUid(uid);
      if (existing) {
        return { accountId: existing.accountId, created: false };
      }
      const legacy = await this.legacyAccount(uid);
      if (legacy) {
        await this.loginStore.create(uid, legacy, this.termsVersion, acceptedBy);
        this.logger.info(`Linked ENT person ${uid} to their existing demo account`);
        return { accountId: legacy, created: false };
      }
      const accountId = await this.accountStore.create();
      await this.loginStore.create(uid, accountId, this.termsVersion, acceptedBy);
      await this.podCreator.handleSafe({
        accountId,
        name: opaquePodName(),
        settings: { ...this.claims.podSettings(claims), ...place, entUid: uid },
      });
      this.logger.info(`Created the account and pod of ENT person ${uid}`);
      return { accountId, created: true };
    });
  }

  /** A demo account seeded with a password before ENT login existed, for this ENT person. */
  private async legacyAccount(uid: string): Promise<string | undefined> {
    if (!this.legacySeedFile) {
      return undefined;
    }
    const file = resolvePackagePath(this.legacySeedFile);
    let persons;
    try {
      persons = parseDemoSchool(await readFile(file, 'utf8'), file);
    } catch (error: unknown) {
      this.logger.warn(`Cannot read ${file} to link demo accounts: ${(error as Error).message}`);
      return undefined;
    }
    const person = persons.find((candidate): boolean => candidate.entUid === uid);
    const login = person && await this.passwordStore.findByEmail(person.email);
    if (!login || (await this.podStore.findPods(login.accountId)).length === 0) {
      return undefined;
    }
    return login.accountId;
  }
}
