// fetch with a timeout that covers the wait for the answer and every pause in its body, and is cleared as
// soon as the exchange ends. (AbortSignal.timeout() keeps each finished request, and what it still
// references, alive until its timer fires: with thousands of requests that is hundreds of megabytes.)
import http from 'node:http';
import https from 'node:https';

/** No answer, or no bytes of the body, in time. */
export class TimeoutError extends Error {}

/** A request that got no usable answer; the message says why (describeFailure()). */
export class RequestError extends Error {}

/**
 * Why a request failed, for reports: `timeout: …` or `network error: <code>` (or the message of an error that
 * already says).
 * @param {any} error
 * @returns {string}
 */
export function describeFailure(error) {
  if (error instanceof RequestError) {
    return error.message;
  }
  return error instanceof TimeoutError ? `timeout: ${error.message}` :
    `network error: ${error?.cause?.code ?? error?.code ?? error?.message}`;
}

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

/**
 * Requests to one pod: its credentials (only ever sent to its origin), a timeout per answer and per pause in a
 * body (`waitMs`, for the whole answer of a request with a large body), one retry on network errors and
 * 502/503/504, one token renewal on 401. Failures throw RequestError with describeFailure()'s text.
 * @param {{ pod: string, authorization?: (() => Promise<string>) | null, renewAuthorization?: (() => Promise<string>) | null,
 *   timeoutMs?: number, fetch?: typeof fetch }} options
 * @returns {((url: string, init?: RequestInit & { headers?: Record<string, string> }, waitMs?: number) =>
 *   Promise<Response>) & { stream: (url: string, headers?: Record<string, string>) => ReturnType<typeof streamGet>,
 *   authorizationFor: (url: string, renewed: boolean) => Promise<string | null> }}
 */
export function podRequester(options) {
  const origin = new URL(options.pod).origin;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  const authorizationFor = async(url, renewed) => {
    if (!options.authorization || new URL(url).origin !== origin) {
      return null;
    }
    return renewed && options.renewAuthorization ? options.renewAuthorization() : options.authorization();
  };
  const requestFn = async(url, init = {}, waitMs = timeoutMs) => {
    let renewed = false;
    for (let attempt = 0; ; attempt += 1) {
      /** @type {Record<string, string>} */
      const headers = { 'accept-encoding': 'identity', ...init.headers };
      const authorization = await authorizationFor(url, renewed);
      if (authorization) {
        headers.authorization = authorization;
      }
      // The timeout covers the wait for the answer and each pause in its body (read at the pace of whoever
      // consumes it: the target's upload, which has its own timeout).
      let response;
      try {
        response = await fetchWithTimeout(doFetch, url, { ...init, headers, redirect: 'manual' }, waitMs, timeoutMs);
      } catch (error) {
        if (attempt === 0 && !(error instanceof TimeoutError)) {
          continue;
        }
        throw new RequestError(describeFailure(error));
      }
      if ((response.status === 401 && headers.authorization && !renewed && options.renewAuthorization) ||
        ([ 502, 503, 504 ].includes(response.status) && attempt === 0)) {
        await discard(response);
        renewed ||= response.status === 401;
        continue;
      }
      return response;
    }
  };
  /**
   * A GET whose body is a Node stream read at the consumer's pace (large files, see streamGet()).
   * @param {string} url
   * @param {Record<string, string>} [headers]
   */
  requestFn.stream = async(url, headers = {}) => {
    for (const renewed of [ false, true ]) {
      const authorization = await authorizationFor(url, renewed);
      let response;
      try {
        response = await streamGet(url, { 'accept-encoding': 'identity', ...headers, ...authorization ? { authorization } : {}},
          timeoutMs);
      } catch (error) {
        throw new RequestError(describeFailure(error));
      }
      if (response.status !== 401 || !authorization || !options.renewAuthorization || renewed) {
        return response;
      }
      response.body.resume();
    }
    throw new Error('unreachable');
  };
  /** The Authorization header for `url` (none for another origin); `renewed` asks for a fresh token. */
  requestFn.authorizationFor = authorizationFor;
  return requestFn;
}
