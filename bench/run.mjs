#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
// Cartable benchmark harness: stock Community Solid Server 7.2 vs Cartable, side by side.
// Usage: node bench/run.mjs [--quick] [--rounds N] [--only get,put,...] [--cartable-cmd CMD] ...
// See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { parseOptions, USAGE, UsageError } from './lib/args.mjs';
import {
  DEFAULT_CARTABLE_CMD, DEFAULT_STOCK_CMD, ServerProcess, StartError, buildArgv, cleanupAll,
  freePort, installCleanupHandlers, isShuttingDown, prepareStockModules, registerTempDir, setKeepTempDirs,
} from './lib/servers.mjs';
import { setupAccount, TokenSource } from './lib/account.mjs';
import { runFixed } from './lib/http.mjs';
import { defineWorkloads, FIRST_START_METRIC } from './lib/workloads.mjs';
import { moveTable, runMoveBenchmark } from './lib/move.mjs';
import { ratioOf, summarize } from './lib/stats.mjs';
import { fmtRatio, fmtValue, machineInfo, markdownReport, markdownTable } from './lib/report.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const log = (...args) => console.log('[bench]', ...args);

/**
 * One paired round of a fixed-count request workload. The round's `count` requests per server are
 * split into slices run in the order A B B A A B … (A = the server that goes first this round), so
 * that both servers see the same background load even on a busy machine. Throughput per server =
 * count / (sum of its slice times).
 */
async function measureSliced(spec, sides, order, round, opts, detailSink) {
  const slices = Math.max(1, Math.min(opts.slices, spec.count));
  const sizes = Array.from({ length: slices }, (_, j) => Math.floor(spec.count / slices) + (j < spec.count % slices ? 1 : 0));
  const acc = Object.fromEntries(order.map((k) => [k, { ms: 0, count: 0, p50: [], p95: [] }]));
  for (const key of order) if (spec.beforeRound) await spec.beforeRound(sides[key], round);
  let offset = 0;
  for (let j = 0; j < slices; j++) {
    const pair = j % 2 === 0 ? order : [order[1], order[0]];
    for (const key of pair) {
      const side = sides[key];
      const base = offset;
      const r = await runFixed({ count: sizes[j], concurrency: opts.concurrency, task: (i) => spec.task(side, round, base + i) });
      acc[key].ms += r.ms;
      acc[key].count += r.count;
      acc[key].p50.push(r.latency.p50);
      acc[key].p95.push(r.latency.p95);
    }
    offset += sizes[j];
  }
  const values = {};
  for (const key of order) {
    const a = acc[key];
    values[key] = { [spec.metric]: (a.count / a.ms) * 1000 };
    detailSink.push({ round, server: key, detail: { requests: a.count, ms: a.ms, slices, sliceLatencyP50: a.p50, sliceLatencyP95: a.p95 } });
  }
  return values;
}

async function main() {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n\n${USAGE}`);
    return 64;
  }
  if (opts.help) { console.log(USAGE); return 0; }

  installCleanupHandlers();
  setKeepTempDirs(opts.keepData);
  const tStart = performance.now();
  const machine = machineInfo();
  log(`${machine.date} — ${machine.nproc} CPU(s), ${machine.cpuModel}, ${machine.memTotalGiB} GiB, Node ${machine.node}, load ${machine.loadAvgAtStart.join(' ')}`);
  if (machine.loadAvgAtStart[0] > machine.nproc / 2) {
    log(`note: the machine is busy (1-min load ${machine.loadAvgAtStart[0]} on ${machine.nproc} CPUs): expect a wide spread`);
  }

  // ---- Temp dirs, ports, commands --------------------------------------------------------------
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cartable-bench-'));
  registerTempDir(tmpRoot);
  const stockTemplate = opts.stockCmd ?? DEFAULT_STOCK_CMD;
  const cartableIsStock = opts.cartableCmd !== null && ['stock', 'css'].includes(opts.cartableCmd.trim().toLowerCase());
  const cartableTemplate = cartableIsStock ? stockTemplate : (opts.cartableCmd ?? DEFAULT_CARTABLE_CMD);
  if (!cartableIsStock && opts.cartableCmd === null && !fs.existsSync(path.join(repoRoot, 'bin', 'cartable.mjs'))) {
    console.error(`[bench] ${path.join(repoRoot, 'bin', 'cartable.mjs')} does not exist yet.\n` +
      '        Pass --cartable-cmd "<command template>" (or BENCH_CARTABLE_CMD), or --cartable-cmd stock\n' +
      '        to run stock CSS on both sides (harness self-test, ratios ≈ 1).');
    return 1;
  }
  if (!cartableIsStock && opts.cartableCmd === null) {
    // Start-up is measured from a built tree, as `npm start` runs after the first build: build now, untimed.
    log('building Cartable (untimed) so that start-up measures starting, not building…');
    const { build } = await import(pathToFileURL(path.join(repoRoot, 'bin', 'lib', 'build.mjs')).href);
    await build({ configs: [ 'dev', 'prod', 'test' ] });
  }
  let stockModules = null;
  if (/\{stockModules\}/.test(stockTemplate + cartableTemplate)) {
    stockModules = prepareStockModules(repoRoot, path.join(tmpRoot, 'stock-modules'));
    if (opts.verbose) log(`stock module dir: ${stockModules.links} symlinks, ${stockModules.packages} packages in the CSS ${stockModules.cssVersion} closure`);
  }
  const ports = [await freePort()];
  do ports[1] = await freePort(); while (ports[1] === ports[0]);

  const mkSpec = (key, label, template, port) => {
    const data = path.join(tmpRoot, `${key}-data`);
    fs.mkdirSync(data);
    return {
      key, label, template, cwd: repoRoot,
      vars: {
        port, data, baseUrl: `http://localhost:${port}/`, repo: repoRoot,
        cssBin: path.join(repoRoot, 'node_modules', '@solid', 'community-server', 'bin', 'server.js'),
        stockModules: stockModules?.dir ?? '',
      },
    };
  };
  const specs = {
    stock: mkSpec('stock', 'stock CSS 7.2 (@css:config/file.json)', stockTemplate, ports[0]),
    cartable: mkSpec('cartable', cartableIsStock ? 'stock CSS 7.2 standing in for Cartable' : 'Cartable', cartableTemplate, ports[1]),
  };
  for (const s of Object.values(specs)) buildArgv(s.template, s.vars); // validate templates early
  if (opts.pin) {
    if (!/^[0-9,-]+$/.test(opts.pin)) throw new UsageError(`--pin expects a CPU list such as 1 or 0-1 (got "${opts.pin}")`);
    for (const s of Object.values(specs)) s.pinCpus = opts.pin;
  }

  const sides = {};
  for (const key of ['stock', 'cartable']) {
    const server = new ServerProcess(specs[key], { logFile: path.join(tmpRoot, `${key}.log`), verbose: opts.verbose });
    sides[key] = { key, server };
  }

  // ---- First start on empty data dirs (one after the other, so they do not compete) -----------
  for (const key of ['stock', 'cartable']) {
    const side = sides[key];
    log(`starting ${side.server.label} on ${side.server.baseUrl}`);
    if (opts.verbose) log(`  ${side.server.argv.join(' ')}`);
    const { readyMs, listeningMs } = await side.server.start({ timeoutMs: opts.startTimeoutMs });
    side.firstStart = { readyMs, listeningMs };
    log(`  ${key}: first 200 after ${(readyMs / 1000).toFixed(2)} s (pid ${side.server.pid}${listeningMs !== null ? `, "Listening" at ${(listeningMs / 1000).toFixed(2)} s` : ''})`);
  }

  // ---- Accounts, pods, client credentials, tokens ----------------------------------------------
  for (const key of ['stock', 'cartable']) {
    const side = sides[key];
    const account = await setupAccount(side.server.baseUrl, {
      podName: 'bench1',
      email: 'bench1@example.org',
      password: `bench-${Math.random().toString(36).slice(2)}-A1!`,
    });
    side.account = account;
    side.pod = account.pod;
    side.tokens = new TokenSource(account, { marginMs: opts.tokenMarginMs });
    await side.tokens.get();
    side.idleMemory = side.server.memory();
    log(`  ${key}: pod ${account.pod}, WebID ${account.webId}, Bearer token ok`);
  }

  // ---- Workloads ---------------------------------------------------------------------------------
  const workloads = defineWorkloads(opts, log);
  const results = {}; // metricKey -> { meta, rounds: [{ order, stock, cartable, ratio }] }
  const details = {};
  const rssAfter = {};

  for (const name of opts.only.filter((n) => n !== 'move')) {
    const w = workloads[name];
    const rounds = w.single ? 1 : (w.rounds ?? opts.rounds);
    log(`── ${w.title}${w.single ? '' : ` — ${rounds} paired round(s)`}`);
    for (const [mk, meta] of Object.entries(w.metrics)) results[mk] = { meta, rounds: [] };
    details[name] = [];

    if (w.prepare) {
      for (const key of ['stock', 'cartable']) {
        const t0 = performance.now();
        await w.prepare(sides[key]);
        if (opts.verbose || performance.now() - t0 > 3000) log(`  ${key}: prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }

    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['stock', 'cartable'] : ['cartable', 'stock'];
      let values = {};
      if (w.sliced) {
        values = await measureSliced(w.sliced, sides, order, round, opts, details[name]);
      } else if (w.measurePair) {
        values = await w.measurePair(order.map((k) => sides[k]), round);
        for (const key of order) details[name].push({ round, server: key, detail: values[key]._detail });
      } else {
        for (const key of order) {
          const out = await w.measure(sides[key], round);
          values[key] = out;
          details[name].push({ round, server: key, ...out._detail && { detail: out._detail } });
        }
      }
      const parts = [];
      for (const [mk, meta] of Object.entries(w.metrics)) {
        const s = values.stock[mk];
        const c = values.cartable[mk];
        const ratio = ratioOf(s, c, meta.higherIsBetter);
        results[mk].rounds.push({ round, first: order[0], stock: s, cartable: c, ratio });
        parts.push(`${mk}: stock ${fmtValue(s, meta.unit)}, cartable ${fmtValue(c, meta.unit)} → ${fmtRatio(ratio)}`);
      }
      log(`  ${w.single ? 'sample' : `round ${round + 1}/${rounds}`} (${order[0]} first) ${parts.join('; ')}`);
    }
    if (!w.single) {
      // Informational: RSS of each server after this workload (JSON only, plus one log line).
      rssAfter[name] = Object.fromEntries(['stock', 'cartable'].map((k) => [k, sides[k].server.memory()?.treeRss ?? null]));
      log(`  RSS now: stock ${fmtValue(rssAfter[name].stock / 1e6, 'MB')}, cartable ${fmtValue(rssAfter[name].cartable / 1e6, 'MB')}`);
    }
  }

  // First start on an empty dir: one sample per server, reported with the cold-start workload.
  if (opts.only.includes('coldstart')) {
    const s = sides.stock.firstStart.readyMs / 1000;
    const c = sides.cartable.firstStart.readyMs / 1000;
    results.firststart = {
      meta: FIRST_START_METRIC,
      rounds: [{ round: 0, first: 'stock', stock: s, cartable: c, ratio: ratioOf(s, c, false) }],
    };
  }

  // The move benchmark (bench/lib/move.mjs): its own table, reference = cp -r or the target's own PUT rate.
  let move = null;
  if (opts.only.includes('move')) {
    log('── Pod export, import and live move (Cartable → stock CSS)');
    move = await runMoveBenchmark({ sides, opts, tmpRoot, log });
  }

  // ---- Report --------------------------------------------------------------------------------------
  const order = ['get', 'put', 'container', 'upload', 'download', 'memory', 'memoryTree', 'coldstart', 'firststart'];
  const sameAs = (k, other) => results[other] && results[k].rounds.every((r, i) =>
    r.stock === results[other].rounds[i].stock && r.cartable === results[other].rounds[i].cartable);
  const rows = order.filter((k) => results[k] && !(results[k].meta.onlyIfDistinct && sameAs(k, results[k].meta.onlyIfDistinct))).map((k) => {
    const { meta, rounds } = results[k];
    const ratio = summarize(rounds.map((r) => r.ratio));
    return {
      key: k,
      label: meta.label,
      unit: meta.unit,
      higherIsBetter: meta.higherIsBetter,
      target: meta.target,
      stock: summarize(rounds.map((r) => r.stock)),
      cartable: summarize(rounds.map((r) => r.cartable)),
      ratio,
      pass: Number.isFinite(ratio.median) ? ratio.median >= meta.target : null,
      rounds,
    };
  });

  const totalSeconds = (performance.now() - tStart) / 1000;
  machine.loadAvgAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const servers = Object.fromEntries(Object.entries(sides).map(([key, side]) => [key, {
    label: side.server.label,
    template: side.server.spec.template,
    command: side.server.argv,
    baseUrl: side.server.baseUrl,
    firstStart: side.firstStart,
    idleMemory: side.idleMemory && { rss: side.idleMemory.rss, treeRss: side.idleMemory.treeRss },
    pod: side.pod,
    webId: side.account?.webId,
    tokensFetched: side.tokens?.fetched,
    childrenCreateSeconds: side.childrenCreateSeconds,
    containerListingBytes: side.containerListingBytes,
  }]));

  if (rows.length) console.log(`\n${markdownTable(rows)}\n`);
  if (move) console.log(`\n${moveTable(move.rows)}\n`);
  const failed = [...rows, ...move?.rows ?? []].filter((r) => r.pass === false);
  log(`done in ${totalSeconds.toFixed(0)} s; ${failed.length ? `${failed.length} target(s) missed: ${failed.map((r) => r.key ?? r.label).join(', ')}` : 'all targets met'}`);

  const jsonOut = opts.jsonOut ?? path.join(benchDir, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(jsonOut), { recursive: true });
  fs.writeFileSync(jsonOut, `${JSON.stringify({
    machine, totalSeconds,
    options: { ...opts, help: undefined },
    servers, results: rows, rssAfterWorkload: rssAfter, details, ...move && { move },
  }, null, 2)}\n`);
  log(`JSON results: ${path.relative(process.cwd(), jsonOut) || jsonOut}`);

  if (opts.markdownOut) {
    fs.mkdirSync(path.dirname(path.resolve(opts.markdownOut)), { recursive: true });
    fs.writeFileSync(opts.markdownOut, markdownReport({ machine, rows, options: opts, servers, totalSeconds }) +
      (move ? `\n${moveTable(move.rows)}\n` : ''));
    log(`Markdown table: ${opts.markdownOut}`);
  }
  if (opts.keepData) log(`data and server logs kept in ${tmpRoot}`);

  await cleanupAll();
  return opts.strict && failed.length ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    if (isShuttingDown()) return; // the signal handler cleans up and exits
    if (err instanceof StartError) {
      console.error(`\n[bench] ERROR: ${err.message}`);
      const tail = err.server?.lastOutput(30);
      console.error(tail ? `[bench] last output of ${err.server.label}:\n${tail.replace(/^/gm, '    ')}` : '[bench] (the server printed nothing)');
    } else if (err instanceof UsageError) {
      console.error(`[bench] ${err.message}`);
    } else {
      console.error('\n[bench] ERROR:', err?.stack ?? err);
    }
    await cleanupAll().catch(() => {});
    process.exit(1);
  },
);
