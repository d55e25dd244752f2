// At start-up the server-owned groups container exists, with an ACL that grants nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClassGroupWriter } from '../../../components/dist/groups/ClassGroupWriter.js';
import { GroupsContainerInitializer } from '../../../components/dist/groups/GroupsContainerInitializer.js';

describe('GroupsContainerInitializer', (): void => {
  it('has the writer create the groups container and its ACL', async(): Promise<void> => {
    let calls = 0;
    const writer = { ensureGroupsContainer: async(): Promise<void> => {
      calls += 1;
    } } as unknown as ClassGroupWriter;
    await new GroupsContainerInitializer(writer).handleSafe();
    assert.equal(calls, 1);
  });

  it('fails start-up when the container cannot be written', async(): Promise<void> => {
    const writer = { ensureGroupsContainer: async(): Promise<void> => {
      throw new Error('disk full');
    } } as unknown as ClassGroupWriter;
    await assert.rejects(new GroupsContainerInitializer(writer).handleSafe(), /disk full/u);
  });
});
