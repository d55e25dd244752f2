import { Initializer } from '@solid/community-server';
import type { ClassGroupWriter } from './ClassGroupWriter';

/**
 * Makes sure `<baseUrl>groups/` exists with an ACL granting nothing when the server starts, before any
 * group is written, and puts the configured {@link ClassGroupWriter} in the instantiated graph so that
 * the ENT directory sync can use it.
 */
export class GroupsContainerInitializer extends Initializer {
  private readonly writer: ClassGroupWriter;

  /**
   * @param writer - The writer of server-owned group documents.
   */
  public constructor(writer: ClassGroupWriter) {
    super();
    this.writer = writer;
  }

  public override async handle(): Promise<void> {
    await this.writer.ensureGroupsContainer();
  }
}
