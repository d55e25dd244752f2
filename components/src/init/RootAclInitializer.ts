import type { AuxiliaryIdentifierStrategy, ResourceStore } from '@solid/community-server';
import { BasicRepresentation, getLoggerFor, Initializer } from '@solid/community-server';

/**
 * Gives the server's root container an ACL that grants nothing, once, if it has none.
 *
 * The root lists every pod, so nobody reads it; but WAC needs a root ACL, and without one CSS logs an
 * error for every request that reaches the root. Operators manage the server on disk, not through HTTP.
 */
export class RootAclInitializer extends Initializer {
  protected readonly logger = getLoggerFor(this);
  private readonly baseUrl: string;
  private readonly store: ResourceStore;
  private readonly aclStrategy: AuxiliaryIdentifierStrategy;

  /**
   * @param baseUrl - The server's base URL (its root container).
   * @param store - Where the ACL is written.
   * @param aclStrategy - Finds the ACL identifier of a resource.
   */
  public constructor(baseUrl: string, store: ResourceStore, aclStrategy: AuxiliaryIdentifierStrategy) {
    super();
    this.baseUrl = baseUrl;
    this.store = store;
    this.aclStrategy = aclStrategy;
  }

  public override async handle(): Promise<void> {
    const acl = this.aclStrategy.getAuxiliaryIdentifier({ path: this.baseUrl });
    if (await this.store.hasResource(acl)) {
      return;
    }
    const turtle = '@prefix acl: <http://www.w3.org/ns/auth/acl#>.\n\n' +
      '# The server root lists every pod: no authorization is granted on it, to anyone.\n';
    await this.store.setRepresentation(acl, new BasicRepresentation(turtle, acl, 'text/turtle'));
    this.logger.info(`Wrote an empty root ACL at ${acl.path}`);
  }
}
