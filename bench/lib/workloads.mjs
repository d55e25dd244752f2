// The workloads. Each has prepare(side) (unmeasured set-up and warm-up, once per server) and either
// - measure(side, round) returning { metricKey: value } for the metrics listed in `metrics`, or
// - measurePair(sidesInRoundOrder, round) returning { stock: {…}, cartable: {…} }, or
// - sliced: { metric, count, task(side, round, i), beforeRound?(side, round) } for fixed-count
//   request workloads: run.mjs splits each round's `count` requests into slices that alternate
//   between the servers (A B B A …) and reports count / (sum of slice times) per server.
// A "side" is { key, server: ServerProcess, tokens: TokenSource, account, pod }.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { request, runFixed } from './http.mjs';

const turtle = (i, extra = '') => `@prefix dc: <http://purl.org/dc/terms/>.
@prefix schema: <http://schema.org/>.
<#it> a schema:CreativeWork;
  dc:title "Cartable benchmark document ${i}";
  dc:description "A small Turtle document used by bench/run.mjs.${extra}";
  schema:position ${i}.
`;

const auth = async (side, headers = {}) => ({ ...headers, authorization: await side.tokens.header() });

async function putTurtle(side, url, body) {
  return request('PUT', url, { headers: await auth(side, { 'content-type': 'text/turtle' }), body });
}

/** Create an (empty) container with PUT, tolerating "already exists". */
async function ensureContainer(side, url) {
  await request('PUT', url, {
    headers: await auth(side, { 'content-type': 'text/turtle' }),
    body: '',
    ok: [200, 201, 204, 205, 409],
  });
}

function progress(log, label) {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done === total || now - last > 5000) {
      last = now;
      log(`    ${label}: ${done}/${total}`);
    }
  };
}

export function defineWorkloads(opts, log) {
  const c = opts.concurrency;
  const mb = opts.largeBytes / 1e6;
  const mbLabel = Number.isInteger(mb) ? `${mb}` : mb.toFixed(1);

  return {
    get: {
      title: 'GET small Turtle document',
      metrics: {
        get: { label: `GET small Turtle, authenticated (${opts.getCount} req, c=${c})`, unit: 'req/s', higherIsBetter: true, target: 0.9 },
      },
      async prepare(side) {
        side.smallUrl = new URL('bench/small.ttl', side.pod).href;
        await putTurtle(side, side.smallUrl, turtle(0));
        const h = await auth(side, { accept: 'text/turtle' });
        // Sanity: anonymous access must be refused, or we would not be measuring authenticated GETs.
        await request('GET', side.smallUrl, { headers: { accept: 'text/turtle' }, ok: [401, 403] });
        await runFixed({ count: 100, concurrency: c, task: () => request('GET', side.smallUrl, { headers: h }) });
      },
      sliced: {
        metric: 'get',
        count: opts.getCount,
        task: async (side) => request('GET', side.smallUrl, { headers: await auth(side, { accept: 'text/turtle' }) }),
      },
    },

    put: {
      title: 'PUT small Turtle documents',
      metrics: {
        put: { label: `PUT small Turtle, new resources (${opts.putCount} req, c=${c})`, unit: 'req/s', higherIsBetter: true, target: 0.9 },
      },
      async prepare(side) {
        const warm = new URL('bench/put/warmup/', side.pod).href;
        await ensureContainer(side, new URL('bench/put/', side.pod).href);
        await ensureContainer(side, warm);
        await runFixed({ count: 30, concurrency: c, task: (i) => putTurtle(side, `${warm}w-${i}.ttl`, turtle(i)) });
      },
      sliced: {
        metric: 'put',
        count: opts.putCount,
        // A fresh container per round, created before timing, so every round writes into a
        // container of the same size (CSS reads the parent directory on each request).
        async beforeRound(side, round) {
          side.putDir = new URL(`bench/put/r${round}/`, side.pod).href;
          await ensureContainer(side, side.putDir);
        },
        task: (side, round, i) => putTurtle(side, `${side.putDir}doc-${i}.ttl`, turtle(i)),
      },
    },

    container: {
      title: `GET container with ${opts.children} children`,
      metrics: {
        container: { label: `GET container with ${opts.children} children (${opts.containerCount} req, c=${c})`, unit: 'req/s', higherIsBetter: true, target: 0.9 },
      },
      async prepare(side) {
        const dir = new URL('bench/big/', side.pod).href;
        side.bigUrl = dir;
        await ensureContainer(side, dir);
        const t0 = performance.now();
        const tick = progress(log, `${side.key}: creating ${opts.children} children`);
        let done = 0;
        await runFixed({
          count: opts.children,
          concurrency: c,
          task: async (i) => { await putTurtle(side, `${dir}child-${i}.ttl`, turtle(i)); tick(++done, opts.children); },
        });
        side.childrenCreateSeconds = (performance.now() - t0) / 1000;
        // Sanity: the listing really has all the children.
        const res = await request('GET', dir, { headers: await auth(side, { accept: 'text/turtle' }), as: 'text' });
        const found = new Set(res.text.match(/child-\d+\.ttl/g) ?? []).size;
        if (found < opts.children) throw new Error(`${side.key}: container listing shows ${found} of ${opts.children} children`);
        side.containerListingBytes = res.bytes;
        await request('GET', dir, { headers: await auth(side, { accept: 'text/turtle' }) });
      },
      sliced: {
        metric: 'container',
        count: opts.containerCount,
        task: async (side) => request('GET', side.bigUrl, { headers: await auth(side, { accept: 'text/turtle' }) }),
      },
    },

    large: {
      title: `${mbLabel} MB upload and download`,
      metrics: {
        upload: { label: `Upload ${mbLabel} MB (PUT octet-stream, streamed)`, unit: 'MB/s', higherIsBetter: true, target: 0.9 },
        download: { label: `Download ${mbLabel} MB (body fully read)`, unit: 'MB/s', higherIsBetter: true, target: 0.9 },
      },
      async prepare(side) {
        if (!this.chunk) this.chunk = randomBytes(1 << 20); // 1 MiB of random bytes, repeated
        await ensureContainer(side, new URL('bench/large/', side.pod).href);
        // Warm-up with a small binary round trip.
        const url = new URL('bench/large/warmup.bin', side.pod).href;
        await request('PUT', url, { headers: await auth(side, { 'content-type': 'application/octet-stream' }), body: this.chunk });
        await request('GET', url, { headers: await auth(side) });
      },
      // Per round, `largeReps` repetitions; in repetition k the pair order is A B (k even) or B A:
      // upload on both in that order, download on both in the reverse order, then delete.
      // A server's MB/s for the round = bytes moved / sum of its transfer times.
      async measurePair(pair, round) {
        const total = opts.largeBytes;
        const chunk = this.chunk;
        const acc = Object.fromEntries(pair.map((side) => [side.key, { uploadMs: 0, downloadMs: 0, up: [], down: [] }]));
        for (let rep = 0; rep < opts.largeReps; rep++) {
          const order = rep % 2 === 0 ? pair : [...pair].reverse();
          const urls = {};
          for (const side of order) {
            const url = new URL(`bench/large/blob-r${round}-${rep}.bin`, side.pod).href;
            urls[side.key] = url;
            let sent = 0;
            // Streamed: the same read-only 1 MiB chunk is enqueued until `total` bytes are sent.
            const body = new ReadableStream({
              pull(controller) {
                if (sent >= total) { controller.close(); return; }
                const n = Math.min(chunk.length, total - sent);
                controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
                sent += n;
              },
            }, { highWaterMark: 4 });
            const t0 = performance.now();
            await request('PUT', url, {
              headers: await auth(side, { 'content-type': 'application/octet-stream' }),
              body,
              duplex: 'half',
            });
            const ms = performance.now() - t0;
            if (sent !== total) throw new Error(`${side.key}: upload sent ${sent} of ${total} bytes`);
            acc[side.key].uploadMs += ms;
            acc[side.key].up.push(ms);
          }
          for (const side of [...order].reverse()) {
            const t0 = performance.now();
            const res = await request('GET', urls[side.key], { headers: await auth(side, { accept: 'application/octet-stream' }) });
            const ms = performance.now() - t0;
            if (res.bytes !== total) throw new Error(`${side.key}: downloaded ${res.bytes} bytes, expected ${total}`);
            acc[side.key].downloadMs += ms;
            acc[side.key].down.push(ms);
          }
          for (const side of order) {
            await request('DELETE', urls[side.key], { headers: await auth(side) }); // bound the disk footprint
          }
        }
        const values = {};
        for (const side of pair) {
          const a = acc[side.key];
          const mbMoved = (total * opts.largeReps) / 1e6;
          values[side.key] = {
            upload: mbMoved / (a.uploadMs / 1000),
            download: mbMoved / (a.downloadMs / 1000),
            _detail: { bytes: total, reps: opts.largeReps, uploadMs: a.up, downloadMs: a.down },
          };
        }
        return values;
      },
    },

    memory: {
      title: 'Resident memory after the load',
      single: true,
      metrics: {
        memory: { label: 'RSS of the server process after the load (VmRSS)', unit: 'MB', higherIsBetter: false, target: 0.9 },
        memoryTree: { label: 'RSS after the load, server process + its child processes', unit: 'MB', higherIsBetter: false, target: 0.9, onlyIfDistinct: 'memory' },
      },
      async measure(side) {
        const m = side.server.memory();
        if (!m || !m.rss) throw new Error(`${side.key}: cannot read /proc/${side.server.pid}/status`);
        // rss = the spawned node process itself; treeRss adds any process it started (helpers,
        // or the real server if the command were a wrapper). The second row is shown only when
        // some server has child processes.
        return { memory: m.rss / 1e6, memoryTree: m.treeRss / 1e6, _detail: m };
      },
    },

    coldstart: {
      title: 'Cold start',
      rounds: opts.coldRounds,
      metrics: {
        coldstart: { label: 'Cold start, restart on existing data (spawn → first 200 on GET / text/html)', unit: 's', higherIsBetter: false, target: 4 },
      },
      async measure(side) {
        await side.server.stop();
        const { readyMs, listeningMs } = await side.server.start({ timeoutMs: opts.startTimeoutMs });
        // The data survived the restart and authentication still works (fresh token).
        await side.tokens.refresh();
        if (side.smallUrl) await request('GET', side.smallUrl, { headers: await auth(side, { accept: 'text/turtle' }) });
        else await request('GET', side.account.webId, { headers: { accept: 'text/turtle' } });
        return { coldstart: readyMs / 1000, _detail: { readyMs, listeningMs } };
      },
    },
  };
}

/** Metric shown for the initial start on an empty data directory (one sample per server). */
export const FIRST_START_METRIC = {
  key: 'firststart',
  label: 'First start, empty data dir (spawn → first 200), 1 sample',
  unit: 's',
  higherIsBetter: false,
  target: 4,
};
