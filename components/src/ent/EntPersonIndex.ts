import type { AccountLoginStorage, WebIdStore } from '@solid/community-server';
import { WEBID_STORAGE_TYPE } from '@solid/community-server';
import type { EntIdentityIndex } from '../groups/EntIdentityIndex';
import type { EntLoginStore } from './EntLoginStore';

type WebIdLinks = AccountLoginStorage<{ [WEBID_STORAGE_TYPE]: { webId: 'string'; accountId: 'id:account' } }>;

/**
 * Who is who between WebIDs and ENT persons, from CSS's account storage and Cartable's ENT logins.
 *
 * WebID → ENT person: CSS's `WebIdStore` only goes from an account to its WebIDs, so WebID links are found
 * by their `webId` index in the account storage (the records `BaseWebIdStore` writes), each confirmed
 * with `WebIdStore.isLinked`, then the accounts' ENT logins. ENT person → WebIDs: the ENT login's account,
 * then its WebID links. Used by the group checker (members recorded by ENT identifier count once they have
 * an account), the launcher and the directory sync.
 */
export class EntPersonIndex implements EntIdentityIndex {
  private readonly webIdLinks: WebIdLinks;
  private readonly webIdStore: WebIdStore;
  private readonly loginStore: EntLoginStore;

  /**
   * @param accountStorage - CSS's account storage, to find WebID links by WebID.
   * @param webIdStore - CSS's WebID links.
   * @param loginStore - The ENT logins of each account.
   */
  public constructor(accountStorage: AccountLoginStorage<Record<string, never>>, webIdStore: WebIdStore,
    loginStore: EntLoginStore) {
    this.webIdLinks = accountStorage as unknown as WebIdLinks;
    this.webIdStore = webIdStore;
    this.loginStore = loginStore;
  }

  /** Every ENT person behind the accounts a WebID is linked to (normally one). */
  public async entUidsOf(webId: string): Promise<string[]> {
    const uids = new Set<string>();
    for (const { accountId } of await this.webIdLinks.find(WEBID_STORAGE_TYPE, { webId })) {
      if (await this.webIdStore.isLinked(webId, accountId)) {
        for (const login of await this.loginStore.findByAccount(accountId)) {
          uids.add(login.uid);
        }
      }
    }
    return [ ...uids ];
  }

  /** The ENT person of a WebID, when there is exactly one. */
  public async entUidOf(webId: string): Promise<string | undefined> {
    const uids = await this.entUidsOf(webId);
    return uids.length === 1 ? uids[0] : undefined;
  }

  /** The WebIDs of an ENT person's account, none when they have no account yet. */
  public async webIdsOf(uid: string): Promise<string[]> {
    const login = await this.loginStore.findByUid(uid);
    if (!login) {
      return [];
    }
    return (await this.webIdStore.findLinks(login.accountId)).map((link): string => link.webId);
  }
}
