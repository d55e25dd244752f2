// fetch with a timeout that covers the wait for the answer and every pause in its body, and is cleared as
// soon as the exchange ends. (AbortSignal.timeout() keeps each finished request, and what it still
// references, alive until its timer fires: with thousands of requests that is hundreds of megabytes.)
import http from 'node:http';
import https from 'node:https';

/** No answer, or no bytes of the body, in time. */
export class TimeoutError extends Error {}

/** Statuses whose responses never have a body. */
const NULL_BODY = new Set([ 101, 103, 204, 205, 304 ]);

/**
 * @param {typeof fetch} fetchFn
 * @param {string} url
 * @param {RequestInit} init
 * @param {number} waitMs for the answer (the whole upload, for a request with a body)
 * @param {number} [idleMs] for each chunk of the response body (default: waitMs)
 * @returns {Promise<Response>} rejects with TimeoutError, or the fetch error
 */
export async function fetchWithTimeout(fetchFn, url, init, waitMs, idleMs = waitMs) {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), waitMs);
  let response;
  try {
    response = await fetchFn(url, { ...init, signal: controller.signal });
  } catch (error) {
    throw controller.signal.aborted ? new TimeoutError(`no answer within ${Math.round(waitMs / 1000)} s`) : error;
  } finally {
    clearTimeout(timer);
  }
  if (!response.body || NULL_BODY.has(response.status)) {
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream({
    async pull(stream) {
      timer = setTimeout(() => controller.abort(), idleMs);
      try {
        const { done, value } = await reader.read();
        if (done) {
          stream.close();
        } else {
          stream.enqueue(value);
        }
      } catch (error) {
        stream.error(controller.signal.aborted ? new TimeoutError(`the body stalled for ${Math.round(idleMs / 1000)} s`) : error);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Reads and drops a response body we do not need (an empty answer to a PUT, a 404, a 412), so that the
 * connection goes back to the pool: cancelling an unread body closes the connection, and every new one costs
 * both sides a connection set-up. A large body is cancelled instead.
 * @param {Response | null | undefined} response
 * @returns {Promise<void>}
 */
export async function discard(response) {
  if (!response?.body) {
    return;
  }
  let read = 0;
  try {
    for await (const chunk of response.body) {
      read += chunk.length;
      if (read > 65_536) {
        break;
      }
    }
  } catch {
    // Nothing to keep.
  }
}

/**
 * A GET whose body is a Node stream (node:http/https), for large bodies copied from one server to another:
 * the socket is read only as fast as the consumer takes the bytes, so memory stays flat whatever the size
 * (fetch's body stream reads well ahead of a slower consumer). `idleMs` bounds the wait for the answer and
 * every pause in the body.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {number} idleMs
 * @returns {Promise<{ status: number, header: (name: string) => string | null, body: import('node:stream').Readable,
 *   cancel: () => void }>}
 */
export function streamGet(url, headers, idleMs) {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(target, { headers, agent: target.protocol === 'https:' ? httpsAgent : httpAgent }, (response) => {
      resolve({
        status: response.statusCode ?? 0,
        header: (name) => {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
        body: response,
        cancel: () => {
          if (!response.complete) {
            request.destroy();
          }
        },
      });
    });
    request.setTimeout(idleMs, () => {
      request.destroy(new TimeoutError(`no answer or no bytes for ${Math.round(idleMs / 1000)} s`));
    });
    request.on('error', reject);
  });
}

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/**
 * A PUT (or any method) whose body is streamed from a Node stream with the socket's backpressure (node:http/
 * https): fetch reads an async-iterable body well ahead of what the network takes (+150 MB for a 100 MB file
 * here). `waitMs` bounds the whole exchange's pauses: no bytes accepted or received for that long aborts it.
 * @param {string} url
 * @param {string} method
 * @param {Record<string, string>} headers
 * @param {import('node:stream').Readable} body
 * @param {number} idleMs
 * @returns {Promise<{ status: number, header: (name: string) => string | null, text: () => Promise<string> }>}
 */
export function streamRequest(url, method, headers, body, idleMs) {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(target, { method, headers,
      agent: target.protocol === 'https:' ? httpsAgent : httpAgent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => {
        if (chunks.length < 64) {
          chunks.push(chunk);
        }
      });
      response.on('error', reject);
      response.on('end', () => resolve({
        status: response.statusCode ?? 0,
        header: (name) => {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
        text: async() => Buffer.concat(chunks).toString('utf8'),
      }));
    });
    request.setTimeout(idleMs, () => {
      request.destroy(new TimeoutError(`no progress for ${Math.round(idleMs / 1000)} s`));
    });
    request.on('error', (error) => {
      body.destroy();
      reject(error);
    });
    body.on('error', (error) => request.destroy(error));
    body.pipe(request);
  });
}
