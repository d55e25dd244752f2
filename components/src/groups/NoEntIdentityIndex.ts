import type { EntIdentityIndex } from './EntIdentityIndex';

/**
 * An {@link EntIdentityIndex} that knows nobody: members recorded only by ENT identifier are never matched.
 * Used until the ENT login, which links WebIDs to ENT identifiers, is configured.
 */
export class NoEntIdentityIndex implements EntIdentityIndex {
  public async entUidOf(_webId: string): Promise<string | undefined> {
    return undefined;
  }
}
