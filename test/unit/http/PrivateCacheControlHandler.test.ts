// Responses to signed-in requests must never be stored by a (shared) browser cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpHandlerInput } from '@solid/community-server';
import { PrivateCacheControlHandler } from '../../../components/dist/http/PrivateCacheControlHandler.js';

/** Runs the middleware for a request with these headers and returns the headers it set on the response. */
async function headersAfter(requestHeaders: Record<string, string>): Promise<Record<string, string>> {
  const set: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string): void => {
      set[name.toLowerCase()] = value;
    },
  };
  const handler = new PrivateCacheControlHandler();
  const input = { request: { method: 'GET', url: '/camille/drive/', headers: requestHeaders }, response };
  await handler.handleSafe(input as unknown as HttpHandlerInput);
  return set;
}

describe('PrivateCacheControlHandler', (): void => {
  it('marks a response to a request with an Authorization header no-store', async(): Promise<void> => {
    assert.deepEqual(await headersAfter({ authorization: 'DPoP eyJhbGciOi' }), { 'cache-control': 'no-store' });
  });

  it('marks a response to a request with a cookie no-store', async(): Promise<void> => {
    assert.deepEqual(await headersAfter({ cookie: 'css-account=abc' }), { 'cache-control': 'no-store' });
  });

  it('leaves anonymous responses cacheable', async(): Promise<void> => {
    assert.deepEqual(await headersAfter({ accept: 'text/turtle' }), {});
  });
});
