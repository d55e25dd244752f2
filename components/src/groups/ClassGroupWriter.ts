import type { AuxiliaryIdentifierStrategy, ResourceIdentifier, ResourceStore } from '@solid/community-server';
import { BadRequestHttpError, BasicRepresentation, ConflictHttpError, getLoggerFor } from '@solid/community-server';
import type { ClassGroup } from './ClassGroupDocuments';
import {
  classGroupAclTurtle, classGroupProblem, classGroupTurtle, GROUP_FRAGMENT, GROUP_ID_PATTERN, groupsContainerAclTurtle,
} from './ClassGroupDocuments';

/** The container of server-owned group documents, relative to the base URL (a reserved pod name). */
export const GROUPS_CONTAINER = 'groups/';

/**
 * Writes the server-owned group documents of classes, option groups and school communities, one document
 * per group at `<baseUrl>groups/<structureId>/<groupId>`, the group being `<document>#members`.
 *
 * Documents are written through the resource store, so the store's `changed` event reaches the
 * {@link LocalAgentGroupAccessChecker} and a membership change applies at once to every ACL naming the
 * group. A membership change is a rewrite of that one document: no ACL is rewritten anywhere.
 *
 * Group documents are never public: `groups/` has an ACL granting nothing (written by
 * {@link ensureGroupsContainer}), and each document gets, once, an ACL letting its own members read it.
 */
export class ClassGroupWriter {
  protected readonly logger = getLoggerFor(this);
  private readonly container: string;
  private readonly store: ResourceStore;
  private readonly aclStrategy: AuxiliaryIdentifierStrategy;
  private containerReady?: Promise<void>;

  /**
   * @param baseUrl - The server's base URL (with a trailing slash).
   * @param store - Where group documents are written: `urn:solid-server:default:ResourceStore`.
   * @param aclStrategy - Finds the ACL identifier of a resource.
   */
  public constructor(baseUrl: string, store: ResourceStore, aclStrategy: AuxiliaryIdentifierStrategy) {
    this.container = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${GROUPS_CONTAINER}`;
    this.store = store;
    this.aclStrategy = aclStrategy;
  }

  /** The URL of the document of a group. */
  public documentUrl(structureId: string, groupId: string): string {
    for (const id of [ structureId, groupId ]) {
      if (!GROUP_ID_PATTERN.test(id)) {
        throw new BadRequestHttpError(`Group identifier ${JSON.stringify(id)} must be 1 to 64 ASCII letters, digits, "_" or "-".`);
      }
    }
    return `${this.container}${structureId}/${groupId}`;
  }

  /** The IRI of a group, to name in `acl:agentGroup`. */
  public groupIri(structureId: string, groupId: string): string {
    return `${this.documentUrl(structureId, groupId)}#${GROUP_FRAGMENT}`;
  }

  /** Creates `groups/` with an ACL that grants nothing, if they do not exist yet. */
  public async ensureGroupsContainer(): Promise<void> {
    this.containerReady ??= this.createGroupsContainer().catch((error: unknown): never => {
      this.containerReady = undefined;
      throw error;
    });
    return this.containerReady;
  }

  /** Writes (creates or replaces) the document of a group; returns the group IRI. */
  public async write(group: ClassGroup): Promise<string> {
    const problem = classGroupProblem(group);
    if (problem) {
      throw new BadRequestHttpError(`Cannot write group ${JSON.stringify(`${group.structureId}/${group.groupId}`)}: ${problem}`);
    }
    await this.ensureGroupsContainer();
    const document: ResourceIdentifier = { path: this.documentUrl(group.structureId, group.groupId) };
    const acl = this.aclStrategy.getAuxiliaryIdentifier(document);
    // The ACL comes first: the document is never readable under looser rules, not even for a moment.
    if (!await this.store.hasResource(acl)) {
      await this.writeTurtle(acl, classGroupAclTurtle(group.groupId));
    }
    await this.writeTurtle(document, classGroupTurtle(group));
    this.logger.info(`Wrote group ${document.path} (${group.members.length} members)`);
    return `${document.path}#${GROUP_FRAGMENT}`;
  }

  /** Deletes the document of a group and its ACL; rules naming the group then grant nothing. */
  public async remove(structureId: string, groupId: string): Promise<void> {
    const document = { path: this.documentUrl(structureId, groupId) };
    if (await this.store.hasResource(document)) {
      await this.store.deleteResource(document);
      this.logger.info(`Deleted group ${document.path}`);
    }
  }

  private async createGroupsContainer(): Promise<void> {
    const container = { path: this.container };
    if (!await this.store.hasResource(container)) {
      try {
        await this.store.setRepresentation(container, new BasicRepresentation('', container, 'text/turtle'));
      } catch (error: unknown) {
        // Created meanwhile by another process.
        if (!ConflictHttpError.isInstance(error)) {
          throw error;
        }
      }
    }
    const acl = this.aclStrategy.getAuxiliaryIdentifier(container);
    if (!await this.store.hasResource(acl)) {
      await this.writeTurtle(acl, groupsContainerAclTurtle());
      this.logger.info(`Wrote the groups container ${this.container} with an ACL granting nothing`);
    }
  }

  private async writeTurtle(identifier: ResourceIdentifier, turtle: string): Promise<void> {
    await this.store.setRepresentation(identifier, new BasicRepresentation(turtle, identifier, 'text/turtle'));
  }
}
