// HTTP helpers on the global fetch (undici, keep-alive by default in Node 24).
import { performance } from 'node:perf_hooks';
import { quantile } from './stats.mjs';

export class HttpError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} → HTTP ${status}${body ? `: ${body.slice(0, 300).replace(/\s+/g, ' ')}` : ''}`);
    this.status = status;
  }
}

/**
 * fetch + status check; the response body is always fully consumed (keeps the connection
 * reusable). Returns { status, headers, text?, json?, bytes }.
 *   as: 'discard' (count bytes only, default) | 'text' | 'json'
 *   ok: accepted statuses (default any 2xx)
 */
export async function request(method, url, { headers = {}, body, as = 'discard', ok, duplex } = {}) {
  const init = { method, headers, body };
  if (duplex) init.duplex = duplex;
  let res;
  try {
    res = await fetch(url, init);
  } catch (err) {
    const cause = err.cause ? ` (${err.cause.code ?? err.cause.message})` : '';
    throw new Error(`${method} ${url} failed: ${err.message}${cause}`);
  }
  const accepted = ok ? ok.includes(res.status) : res.status >= 200 && res.status < 300;
  if (!accepted) {
    const text = await res.text().catch(() => '');
    throw new HttpError(method, url, res.status, text);
  }
  const out = { status: res.status, headers: res.headers, bytes: 0 };
  if (as === 'text' || as === 'json') {
    const text = await res.text();
    out.bytes = Buffer.byteLength(text);
    if (as === 'text') out.text = text;
    else {
      try { out.json = JSON.parse(text); } catch { throw new Error(`${method} ${url}: response is not JSON: ${text.slice(0, 200)}`); }
    }
  } else if (res.body) {
    for await (const chunk of res.body) out.bytes += chunk.byteLength;
  }
  return out;
}

/**
 * Run `count` calls of task(i) with at most `concurrency` in flight.
 * Returns { count, ms, perSecond, latency: { p50, p95, max } } (ms from first start to last end).
 */
export async function runFixed({ count, concurrency, task }) {
  let next = 0;
  const latencies = new Array(count);
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const s = performance.now();
      await task(i);
      latencies[i] = performance.now() - s;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - t0;
  return {
    count,
    ms,
    perSecond: (count / ms) * 1000,
    latency: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) },
  };
}
