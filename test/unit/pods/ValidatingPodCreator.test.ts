// Asking for a pod: a bad name is a 400 saying why, a taken name a 409, and nothing is created for either.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type {
  IdentifierGenerator, PodCreator, PodCreatorInput, PodCreatorOutput, ResourceIdentifier, ResourceStore,
} from '@solid/community-server';
import { BadRequestHttpError, ConflictHttpError, NotImplementedHttpError } from '@solid/community-server';
import { ValidatingPodCreator } from '../../../components/dist/pods/ValidatingPodCreator.js';

const BASE = 'http://localhost:3000/';

class Fakes {
  public readonly created: PodCreatorInput[] = [];
  public readonly existing = new Set<string>([ `${BASE}taken1/` ]);
  public canHandleError?: Error;

  public readonly source = {
    canHandle: async(): Promise<void> => {
      if (this.canHandleError) {
        throw this.canHandleError;
      }
    },
    handle: async(input: PodCreatorInput): Promise<PodCreatorOutput> => {
      this.created.push(input);
      return { podUrl: `${BASE}${input.name ?? ''}${input.name ? '/' : ''}`, webId: `${BASE}${input.name}/profile/card#me`,
        podId: 'pod-1', webIdLink: 'link-1' };
    },
  } as unknown as PodCreator;

  public readonly identifierGenerator = {
    generate: (name: string): ResourceIdentifier => ({ path: `${BASE}${name}/` }),
  } as unknown as IdentifierGenerator;

  public readonly store = {
    hasResource: async(identifier: ResourceIdentifier): Promise<boolean> => this.existing.has(identifier.path),
  } as unknown as ResourceStore;

  public readonly retired = new Set<string>([ `${BASE}moved1/` ]);

  public creator(withRetired = false): ValidatingPodCreator {
    return new ValidatingPodCreator(this.source, this.identifierGenerator, this.store, withRetired ?
      { isRetired: async(base: ResourceIdentifier): Promise<boolean> => this.retired.has(base.path) } :
      undefined);
  }
}

describe('ValidatingPodCreator', (): void => {
  let fakes: Fakes;
  beforeEach((): void => {
    fakes = new Fakes();
  });

  it('creates a pod with an acceptable, free name, passing the request on unchanged', async(): Promise<void> => {
    const input = { accountId: 'acc-1', name: 'c0ffee42', settings: { fullName: 'Camille' } };
    const output = await fakes.creator().handleSafe(input);
    assert.equal(output.podUrl, `${BASE}c0ffee42/`);
    assert.deepEqual(fakes.created, [ input ]);
  });

  const bad: [string, string, RegExp][] = [
    [ 'empty', '', /^A pod name is required\.$/u ],
    [ 'too long', 'a'.repeat(64), /at most 63 characters; this one has 64/u ],
    [ 'accented', 'élève', /"élève" is not URL-safe/u ],
    [ 'a person\'s name', 'Camille Martin', /"Camille Martin" is not URL-safe/u ],
    [ 'a path', '../x', /is not URL-safe/u ],
    [ 'reserved', 'apps', /"apps" is reserved/u ],
  ];
  for (const [ label, name, message ] of bad) {
    it(`refuses a name that is ${label} with 400 and the reason, creating nothing`, async(): Promise<void> => {
      await assert.rejects(fakes.creator().handleSafe({ accountId: 'acc-1', name }), (error: unknown): boolean => {
        assert.ok(error instanceof BadRequestHttpError, String(error));
        assert.equal(error.statusCode, 400);
        assert.match(error.message, message);
        return true;
      });
      assert.deepEqual(fakes.created, []);
    });
  }

  it('refuses a name already in use with 409, creating nothing', async(): Promise<void> => {
    await assert.rejects(fakes.creator().handleSafe({ accountId: 'acc-2', name: 'taken1' }), (error: unknown): boolean => {
      assert.ok(error instanceof ConflictHttpError, String(error));
      assert.equal(error.statusCode, 409);
      assert.equal(error.message, 'Pod name "taken1" is already taken; choose another one.');
      return true;
    });
    assert.deepEqual(fakes.created, []);
  });

  it('refuses the name of a pod that moved away with 409, even once its data is gone', async(): Promise<void> => {
    await assert.rejects(fakes.creator(true).handleSafe({ accountId: 'acc-2', name: 'moved1' }), (error: unknown): boolean => {
      assert.ok(error instanceof ConflictHttpError, String(error));
      assert.match(error.message, /"moved1" belonged to a pod that moved away and is never given to anyone else/u);
      return true;
    });
    assert.deepEqual(fakes.created, []);
    await fakes.creator().handleSafe({ accountId: 'acc-2', name: 'moved1' });
    assert.equal(fakes.created.length, 1);
    await fakes.creator(true).handleSafe({ accountId: 'acc-2', name: 'c0ffee42' });
    assert.equal(fakes.created.length, 2);
  });

  it('passes a request without a name through unchecked (a pod at the server root)', async(): Promise<void> => {
    fakes.existing.add(`${BASE}undefined/`);
    const input = { accountId: 'acc-1' };
    await fakes.creator().handleSafe(input);
    assert.deepEqual(fakes.created, [ input ]);
  });

  it('declines whatever its source declines', async(): Promise<void> => {
    fakes.canHandleError = new NotImplementedHttpError('no pods here');
    await assert.rejects(fakes.creator().canHandle({ accountId: 'acc-1', name: 'c0ffee42' }), /no pods here/u);
    await assert.rejects(fakes.creator().handleSafe({ accountId: 'acc-1', name: 'c0ffee42' }), /no pods here/u);
    assert.deepEqual(fakes.created, []);
  });
});
