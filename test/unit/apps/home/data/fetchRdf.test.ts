import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentOf, fetchOptionalRdf, fetchRdf } from '../../../../../apps/home/src/data/fetchRdf.ts';
import { fakeFetch, POD } from './fakePod.ts';

describe('fetchRdf', (): void => {
  it('resolves relative IRIs against the URL that answered after a redirect.', async(): Promise<void> => {
    const redirected = async(): Promise<Response> => {
      const response = new Response('<#me> <http://www.w3.org/ns/pim/space#storage> <../>.',
        { headers: { 'content-type': 'text/turtle' }});
      Object.defineProperty(response, 'url', { value: 'https://new.example/pod/profile/card' });
      return response;
    };
    const document = await fetchRdf(redirected, `${POD}profile/card`);
    assert.equal(document.url, `${POD}profile/card`);
    assert.equal(document.responseUrl, 'https://new.example/pod/profile/card');
    assert.equal(document.quads[0]?.subject.value, 'https://new.example/pod/profile/card#me');
    assert.equal(document.quads[0]?.object.value, 'https://new.example/pod/');
  });

  it('treats a missing optional document as null but still throws on other statuses.', async(): Promise<void> => {
    const fetchFn = fakeFetch({ [`${POD}gone`]: { status: 410 }, [`${POD}broken`]: { status: 500 }});
    assert.equal(await fetchOptionalRdf(fetchFn, `${POD}missing`), null);
    assert.equal(await fetchOptionalRdf(fetchFn, `${POD}gone`), null);
    await assert.rejects(fetchOptionalRdf(fetchFn, `${POD}broken`), { name: 'FetchError', statusCode: 500 });
  });
});

describe('documentOf', (): void => {
  it('drops the fragment of a WebID.', (): void => {
    assert.equal(documentOf(`${POD}profile/card#me`), `${POD}profile/card`);
  });
});
