import type { Quad } from 'n3';
import { FetchError } from './FetchError.ts';
import { parseTurtle } from './graph.ts';

/** The `fetch` the data layer needs: the browser's, an authenticated session's, or a fake in tests. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** One RDF document as read from the pod. */
export interface RdfDocument {
  /** The URL that was asked for. */
  readonly url: string;
  /** The URL that answered (after redirects); relative IRIs in the body resolve against it. */
  readonly responseUrl: string;
  /** HTTP status of the response. */
  readonly statusCode: number;
  /** The parsed triples. */
  readonly quads: readonly Quad[];
}

/** Removes the fragment: the document that holds `iri`. */
export function documentOf(iri: string): string {
  const url = new URL(iri);
  url.hash = '';
  return url.href;
}

/**
 * Reads one RDF resource with the Solid protocol (`GET`, `Accept: text/turtle`) and parses it.
 *
 * @throws {@link FetchError} when there is no response, the status is not 2xx or the body is not Turtle.
 */
export async function fetchRdf(fetchFn: FetchLike, url: string): Promise<RdfDocument> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: 'text/turtle' }});
  } catch (error: unknown) {
    throw new FetchError(`No response from ${url}: ${String(error)}`,
      { url, statusCode: null, failure: 'network', cause: error });
  }
  if (!response.ok) {
    throw new FetchError(`Expected a 2xx response from ${url}, got ${response.status}`,
      { url, statusCode: response.status, failure: 'status' });
  }
  const responseUrl = response.url === '' ? url : response.url;
  const text = await response.text();
  try {
    return { url, responseUrl, statusCode: response.status, quads: parseTurtle(text, responseUrl) };
  } catch (error: unknown) {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    throw new FetchError(`Expected Turtle from ${url}, got unparsable ${contentType}: ${String(error)}`,
      { url, statusCode: response.status, failure: 'syntax', cause: error });
  }
}

/**
 * Like {@link fetchRdf}, but a resource that does not exist (404, 410) is `null` rather than an error:
 * optional documents (preferences, extended profile) may be missing on pods made by other Solid servers.
 */
export async function fetchOptionalRdf(fetchFn: FetchLike, url: string): Promise<RdfDocument | null> {
  try {
    return await fetchRdf(fetchFn, url);
  } catch (error: unknown) {
    if (error instanceof FetchError && (error.statusCode === 404 || error.statusCode === 410)) {
      return null;
    }
    throw error;
  }
}
