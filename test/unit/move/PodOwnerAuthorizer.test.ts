// The owner check of the move API: 400 bad pod URL, 401 no or refused credentials, 404 unknown pod, 403 not an owner.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Credentials, HttpRequest, PodStore } from '@solid/community-server';
import { BadRequestHttpError, CredentialsExtractor } from '@solid/community-server';
import { parsePodUrl, PodOwnerAuthorizer } from '../../../components/dist/move/PodOwnerAuthorizer.js';

const POD = 'http://localhost:3000/alice/';
const ALICE = `${POD}profile/card#me`;
const BOB = 'http://localhost:3000/bob/profile/card#me';

/** Credentials from a made-up `x-agent` header; `bad` stands for a token that does not verify. */
class HeaderCredentialsExtractor extends CredentialsExtractor {
  public async handle(request: HttpRequest): Promise<Credentials> {
    const agent = request.headers['x-agent'] as string | undefined;
    if (agent === 'bad') {
      throw new BadRequestHttpError('Error verifying WebID via Bearer access token: expired');
    }
    return agent ? { agent: { webId: agent }} : {};
  }
}

const podStore = {
  async findByBaseUrl(baseUrl: string): Promise<{ id: string; accountId: string } | undefined> {
    return baseUrl === POD ? { id: 'pod-1', accountId: 'account-1' } : undefined;
  },
  async getOwners(id: string): Promise<{ webId: string; visible: boolean }[] | undefined> {
    return id === 'pod-1' ? [{ webId: ALICE, visible: false }] : undefined;
  },
} as unknown as PodStore;

function request(agent?: string): HttpRequest {
  return { headers: agent ? { 'x-agent': agent } : {}} as unknown as HttpRequest;
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error: unknown) {
    return (error as { statusCode: number }).statusCode;
  }
}

describe('PodOwnerAuthorizer', (): void => {
  const authorizer = new PodOwnerAuthorizer(new HeaderCredentialsExtractor(), podStore);

  it('gives the pod, the WebID and the account of an owner', async(): Promise<void> => {
    assert.deepEqual(await authorizer.ownerOf(request(ALICE), POD), { pod: POD, webId: ALICE, accountId: 'account-1' });
    // A missing final slash is added.
    assert.equal((await authorizer.ownerOf(request(ALICE), POD.slice(0, -1))).pod, POD);
  });

  it('answers 401 without credentials or with a refused token', async(): Promise<void> => {
    assert.equal(await status(authorizer.ownerOf(request(), POD)), 401);
    await assert.rejects(authorizer.ownerOf(request('bad'), POD), /access token was refused.*expired/u);
    assert.equal(await status(authorizer.ownerOf(request('bad'), POD)), 401);
    // A token CSS's extractor ignores (it then gives public credentials).
    const ignored = { headers: { authorization: 'Bearer x' }} as unknown as HttpRequest;
    await assert.rejects(authorizer.ownerOf(ignored, POD), /access token was refused: it could not be verified/u);
  });

  it('answers 403 to another agent and 404 for an unknown pod', async(): Promise<void> => {
    assert.equal(await status(authorizer.ownerOf(request(BOB), POD)), 403);
    await assert.rejects(authorizer.ownerOf(request(BOB), POD), /is not an owner of the pod/u);
    assert.equal(await status(authorizer.ownerOf(request(ALICE), 'http://localhost:3000/nobody/')), 404);
  });

  it('answers 400 for a pod that is not an http(s) base URL, before looking at credentials', async(): Promise<void> => {
    for (const pod of [ undefined, '', 'alice', 'ftp://localhost/alice/', `${POD}?x=1`, `${POD}#me`,
      'http://u:p@localhost:3000/alice/' ]) {
      assert.equal(await status(authorizer.ownerOf(request(), pod as string)), 400, String(pod));
    }
  });

  it('normalises pod URLs', (): void => {
    assert.equal(parsePodUrl(' http://localhost:3000/alice '), POD);
    assert.throws((): string => parsePodUrl(42), /pod is required/u);
  });
});
