// Until the ENT login is configured, nobody is matched by ENT identifier.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoEntIdentityIndex } from '../../../components/dist/groups/NoEntIdentityIndex.js';

describe('NoEntIdentityIndex', (): void => {
  it('knows no ENT identifier for any WebID', async(): Promise<void> => {
    assert.equal(await new NoEntIdentityIndex().entUidOf('http://localhost:3000/alice/profile/card#me'), undefined);
  });
});
