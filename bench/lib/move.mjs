// The `move` workload (bench/README.md, "Move"): how fast `cartable pod export`, `pod import` and the live
// `pod move` carry a pod of many small resources plus large binaries, each against a raw `cp -r` of the same
// pod folder on disk, and the mover's small-resource rate against the target server's own PUT rate. The
// command-line tool runs as a child process whose resident memory (VmRSS) is sampled every 200 ms.
//
// Source pods live on Cartable (they must: only there is the pod's folder known, for `cp -r`); targets are
// fresh pods on stock CSS 7.2, the usual target of a move away from Cartable.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setupAccount, TokenSource } from './account.mjs';
import { request, runFixed } from './http.mjs';
import { median } from './stats.mjs';
import { processTree, readVmRss } from './servers.mjs';

const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'bin', 'lib', 'pod-cli.mjs');
const FRIEND = 'https://friend.example/profile/card#me';
export const RSS_LIMIT_MB = 100;
export const SMALL_RATE_TARGET = 0.8;

/**
 * The small resources of the benchmark pod: 2/3 Turtle (with an absolute IRI into the pod, so that the importer
 * has something to rewrite), 1/3 plain text, in 20 × 5 nested folders. Same paths and bodies for every pod.
 * @param {number} i
 * @param {string} pod
 * @returns {{ path: string, body: string, contentType: string }}
 */
export function smallResource(i, pod) {
  const dir = `docs/classe-${i % 20}/semaine-${Math.floor(i / 20) % 5}/`;
  if (i % 3 === 2) {
    return { path: `${dir}note-${i}.txt`, contentType: 'text/plain',
      body: `Note ${i}\n${'Réviser le chapitre, refaire les exercices. '.repeat(1 + (i % 8))}\n` };
  }
  return { path: `${dir}doc-${i}.ttl`, contentType: 'text/turtle', body: `@prefix dc: <http://purl.org/dc/terms/>.
@prefix schema: <http://schema.org/>.
<#it> a schema:CreativeWork;
  dc:title "Document ${i} du cartable";
  dc:description "${'Un petit document Turtle du banc d\'essai. '.repeat(1 + (i % 5))}";
  schema:position ${i};
  schema:isPartOf <${pod}docs/classe-${i % 20}/>.
` };
}

const shareAcl = (webId) => `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${webId}>; acl:accessTo <./>; acl:default <./>;
  acl:mode acl:Read, acl:Write, acl:Control.
<#share> a acl:Authorization; acl:agent <${FRIEND}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read.
`;

/** Splits `totalBytes` into `files` sizes (the last one takes the remainder). */
function binarySizes(totalBytes, files) {
  const each = Math.floor(totalBytes / files);
  return Array.from({ length: files }, (_, k) => (k === files - 1 ? totalBytes - each * (files - 1) : each));
}

/** A streamed body of `total` bytes: one random 1 MiB chunk, repeated, the first bytes unique to `seed`. */
function binaryBody(total, chunk, seed) {
  let sent = 0;
  const head = Buffer.from(chunk);
  head.write(`cartable-bench-binary-${seed}-`, 0);
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const source = sent === 0 ? head : chunk;
      const n = Math.min(source.length, total - sent);
      controller.enqueue(n === source.length ? source : source.subarray(0, n));
      sent += n;
    },
  }, { highWaterMark: 4 });
}

/**
 * Creates an account with one pod (bench/lib/account.mjs) and a token source for it.
 * @returns {Promise<{ account: any, tokens: TokenSource, pod: string }>}
 */
async function newPod(baseUrl, name) {
  const account = await setupAccount(baseUrl, {
    podName: name, email: `${name}@bench.example`, password: `bench-${Math.random().toString(36).slice(2)}-A1!`,
  });
  return { account, pod: account.pod, tokens: new TokenSource(account) };
}

async function put(target, url, body, contentType, extra = {}) {
  return request('PUT', url, {
    headers: { 'content-type': contentType, authorization: await target.tokens.header() }, body, ...extra,
  });
}

/** PUTs the `count` small resources into `target` (a pod), `concurrency` at a time; returns the seconds taken. */
async function putSmall(target, count, concurrency) {
  const t0 = performance.now();
  await runFixed({ count, concurrency, task: (i) => {
    const item = smallResource(i, target.pod);
    return put(target, `${target.pod}${item.path}`, item.body, item.contentType);
  } });
  return (performance.now() - t0) / 1000;
}

/** Files and bytes under `dir` (regular files only, recursively). */
function diskUsage(dir) {
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      files += 1;
      bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    }
  }
  return { files, bytes };
}

/** The folder of `pod` in the server's file-backed data directory. */
function podFolder(dataDir, baseUrl, pod) {
  const relative = decodeURIComponent(new URL(pod).pathname.slice(new URL(baseUrl).pathname.length));
  const dir = path.join(dataDir, relative);
  if (!fs.existsSync(dir)) throw new Error(`move: the pod ${pod} has no folder ${dir} in the data directory`);
  return dir;
}

/** Runs `cp -r from to`; resolves with the seconds it took. */
function copyTree(from, to) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('cp', ['-r', from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) :
      reject(new Error(`cp -r ${from} ${to} exited with ${code}: ${stderr.trim()}`))));
  });
}

/**
 * Runs `node bin/lib/pod-cli.mjs <args>` with `env` (credentials stay out of `ps`), sampling the child's VmRSS
 * every `sampleMs`. `initialRss` is the VmRSS at the first line the tool writes on standard error (its first
 * progress line: modules loaded, logged in), `peakRss` the highest sample until it exits.
 */
export function runCli(args, env, { sampleMs = 200 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CARTABLE_CLIENT_ID: '', CARTABLE_CLIENT_SECRET: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let firstRss = null;
    let initialRss = null;
    let peakRss = 0;
    let samples = 0;
    const sample = () => {
      // The tool re-runs itself once with a small young generation (bin/lib/pod-cli.mjs): the whole process
      // tree is what it costs.
      const rss = processTree(child.pid).reduce((sum, pid) => sum + (readVmRss(pid) ?? 0), 0) || null;
      if (rss === null) return null;
      samples += 1;
      firstRss ??= rss;
      peakRss = Math.max(peakRss, rss);
      return rss;
    };
    const timer = setInterval(sample, sampleMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => {
      if (initialRss === null) initialRss = sample();
      stderr += chunk;
      if (stderr.length > 2_000_000) stderr = stderr.slice(-1_000_000);
    });
    child.on('error', (error) => { clearInterval(timer); reject(error); });
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      let report = null;
      try { report = JSON.parse(stdout); } catch { /* reported below */ }
      // Exit code 3 (some resources failed or were skipped) still gives a report: the caller checks it.
      if ((code !== 0 && code !== 3) || !report) {
        reject(new Error(`pod ${args[0]} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
        return;
      }
      resolve({ seconds, report, rss: { first: firstRss, initial: initialRss ?? firstRss, peak: peakRss, samples } });
    });
  });
}

/** One figure row: reference (the baseline), mover, ratio = mover / reference, target or null. */
function row(label, unit, reference, mover, target = null, extra = {}) {
  const r = { label, unit, reference, mover, ratio: mover / reference, target, ...extra };
  r.pass = target === null ? null : r.ratio >= target;
  return r;
}

const fmt = (v, unit) => {
  if (!Number.isFinite(v)) return '—';
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
};

/** The move table, in the harness's format (reference instead of stock, the tool instead of Cartable). */
export function moveTable(rows) {
  const lines = [
    '| move figure | reference | mover | ratio | spread | target |',
    '|---|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const mark = r.pass === null ? '' : r.pass ? ' ✓' : ' ✗';
    if (r.unit === 'MB RSS') {
      lines.push(`| ${r.label} | ${fmt(r.reference, 'MB')} initial | ${fmt(r.mover, 'MB')} peak | +${r.growth.toFixed(0)} MB | n=1 | growth < ${RSS_LIMIT_MB} MB${mark} |`);
    } else {
      const spread = r.ratios && r.ratios.length > 1 ? `${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)} (n=${r.ratios.length})` : 'n=1';
      lines.push(`| ${r.label} | ${fmt(r.reference, r.unit)} | ${fmt(r.mover, r.unit)} | ${Number.isFinite(r.ratio) ? `${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 2)}×` : '—'} | ${spread} | ${r.target === null ? '— (reference)' : `≥ ${r.target}×${mark}`} |`);
    }
  }
  return lines.join('\n');
}

function rssRow(label, rss) {
  const growth = (rss.peak - rss.initial) / 1e6;
  return { label, unit: 'MB RSS', reference: rss.initial / 1e6, mover: rss.peak / 1e6, growth, target: null,
    pass: growth < RSS_LIMIT_MB, rss };
}

/**
 * Runs the whole move benchmark. `sides` are the harness's started servers with their first accounts;
 * `tmpRoot` its temporary directory (the archive and the copies go there and are deleted).
 * @returns {Promise<{ rows: any[], detail: any }>}
 */
export async function runMoveBenchmark({ sides, opts, tmpRoot, log }) {
  const cartable = sides.cartable.server;
  const stock = sides.stock.server;
  const c = opts.concurrency;
  const n = opts.moveSmall;
  const sizes = binarySizes(opts.moveBytes, opts.moveFiles);
  const conc = ['--concurrency', String(c)];
  const detail = { smallResources: n, binaries: sizes, concurrency: c };
  const stamp = Date.now().toString(36);

  // ---- The source pods on Cartable: the full one, and one with the small resources only -------------------
  const chunk = randomBytes(1 << 20);
  const full = await newPod(cartable.baseUrl, `mvfull${stamp}`);
  const smallOnly = await newPod(cartable.baseUrl, `mvsmall${stamp}`);
  let t0 = performance.now();
  for (const source of [full, smallOnly]) {
    await putSmall(source, n, c);
    await put(source, `${source.pod}docs/classe-0/.acl`, shareAcl(source.account.webId), 'text/turtle');
  }
  detail.populateSmallSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (const [k, size] of sizes.entries()) {
    await put(full, `${full.pod}media/video-${k}.bin`, binaryBody(size, chunk, k), 'application/octet-stream',
      { duplex: 'half' });
  }
  detail.populateBinarySeconds = (performance.now() - t0) / 1000;
  const documents = n + sizes.length + 1; // small resources, binaries, the shared folder's ACL
  log(`  source pods on Cartable: ${n} small resources (×2 pods) in ${detail.populateSmallSeconds.toFixed(1)} s, ` +
    `${sizes.length} binaries of ${(opts.moveBytes / 1e6).toFixed(0)} MB in ${detail.populateBinarySeconds.toFixed(1)} s`);

  // ---- Reference: cp -r of the full pod's folder ---------------------------------------------------------
  const folder = podFolder(cartable.spec.vars.data, cartable.baseUrl, full.pod);
  const disk = diskUsage(folder);
  detail.disk = disk;
  const cpSeconds = [];
  for (let k = 0; k < opts.moveCpReps; k++) {
    const copy = path.join(tmpRoot, `cp-${k}`);
    cpSeconds.push(await copyTree(folder, copy));
    fs.rmSync(copy, { recursive: true, force: true });
  }
  const cpS = median(cpSeconds);
  detail.cpSeconds = cpSeconds;
  const cpFiles = disk.files / cpS;
  const cpMB = disk.bytes / 1e6 / cpS;
  log(`  cp -r of the pod folder (${disk.files} files, ${(disk.bytes / 1e6).toFixed(1)} MB): median ${cpS.toFixed(2)} s of ${cpSeconds.map((s) => s.toFixed(2)).join(', ')}`);

  const sourceEnv = (source) => ({ CARTABLE_CLIENT_ID: source.account.clientId, CARTABLE_CLIENT_SECRET: source.account.clientSecret });
  const moveEnv = (from, to) => ({
    CARTABLE_FROM_CLIENT_ID: from.account.clientId, CARTABLE_FROM_CLIENT_SECRET: from.account.clientSecret,
    CARTABLE_TO_CLIENT_ID: to.account.clientId, CARTABLE_TO_CLIENT_SECRET: to.account.clientSecret,
  });
  const check = (what, out, expected) => {
    const got = out.report.moved + out.report.alreadyThere;
    if (!out.report.complete || out.report.failed.length > 0 || got < expected) {
      fs.writeFileSync(path.join(tmpRoot, `failed-${what.replace(/\W+/g, '-')}.json`), JSON.stringify(out.report, null, 2));
      throw new Error(`move: ${what} was not complete (${got} of ${expected} resources, ${out.report.failed.length} failed: ` +
        `${out.report.failed.slice(0, 3).map((f) => `${f.path} ${f.reason}`).join('; ')}; skipped: ` +
        `${out.report.skipped.filter((f) => !f.expected).slice(0, 3).map((f) => `${f.path} ${f.reason}`).join('; ')})`);
    }
  };
  const rows = [];

  // ---- Export: CLI → tar file ------------------------------------------------------------------------------
  const archive = path.join(tmpRoot, 'move-export.tar');
  const exp = await runCli(['export', '--pod', full.pod, '--out', archive, '--json', '--progress', ...conc], sourceEnv(full));
  if (!exp.report.complete) throw new Error(`move: the export was not complete: ${JSON.stringify(exp.report.skipped ?? []).slice(0, 300)}`);
  const podMB = exp.report.bytes / 1e6;
  detail.export = { seconds: exp.seconds, durationMs: exp.report.durationMs, resources: exp.report.resources,
    counts: exp.report.counts, bytes: exp.report.bytes, archiveBytes: exp.report.archiveBytes, rss: exp.rss };
  log(`  export: ${exp.seconds.toFixed(1)} s, ${exp.report.resources} resources, ${podMB.toFixed(1)} MB, RSS ${(exp.rss.initial / 1e6).toFixed(0)} → peak ${(exp.rss.peak / 1e6).toFixed(0)} MB`);

  // ---- Import: tar file → fresh stock CSS pod ----------------------------------------------------------
  const impTarget = await newPod(stock.baseUrl, `mvimp${stamp}`);
  const imp = await runCli(['import', '--archive', archive, '--pod', impTarget.pod, '--json', '--progress', ...conc], sourceEnv(impTarget));
  check('the import', imp, documents - 1);
  detail.import = { seconds: imp.seconds, durationMs: imp.report.durationMs, moved: imp.report.moved, bytes: imp.report.bytes, rss: imp.rss };
  log(`  import: ${imp.seconds.toFixed(1)} s, ${imp.report.moved} written, RSS ${(imp.rss.initial / 1e6).toFixed(0)} → peak ${(imp.rss.peak / 1e6).toFixed(0)} MB`);
  fs.rmSync(archive, { force: true });

  // ---- Live move: Cartable → fresh stock CSS pod -------------------------------------------------------
  const liveTarget = await newPod(stock.baseUrl, `mvlive${stamp}`);
  const live = await runCli(['move', '--from', full.pod, '--to', liveTarget.pod, '--keep-source', '--yes', '--no-notify',
    '--json', '--progress-json', ...conc], moveEnv(full, liveTarget));
  check('the live move', live, documents - 1);
  detail.live = { seconds: live.seconds, durationMs: live.report.durationMs, moved: live.report.moved, bytes: live.report.bytes, rss: live.rss };
  log(`  live move: ${live.seconds.toFixed(1)} s, ${live.report.moved} written, RSS ${(live.rss.initial / 1e6).toFixed(0)} → peak ${(live.rss.peak / 1e6).toFixed(0)} MB`);

  const label = `${n} small + ${sizes.length} × ${(sizes[0] / 1e6).toFixed(0)} MB`;
  for (const [name, out] of [['Export (Cartable pod → tar file)', exp], ['Import (tar file → new stock CSS pod)', imp],
    ['Live move (Cartable → new stock CSS pod, --keep-source)', live]]) {
    rows.push(row(`${name}, ${label}: resources/s vs cp -r files/s`, 'res/s', cpFiles, documents / out.seconds));
    rows.push(row(`${name}: MB/s vs cp -r MB/s`, 'MB/s', cpMB, podMB / out.seconds));
  }

  // ---- Small resources: the mover vs the target's own PUT rate, same count, same concurrency ----------
  const smallRatios = { move: [], import: [] };
  const smallRuns = [];
  const smallArchive = path.join(tmpRoot, 'move-small.tar');
  const smallExp = await runCli(['export', '--pod', smallOnly.pod, '--out', smallArchive, '--json', ...conc], sourceEnv(smallOnly));
  detail.smallExport = { seconds: smallExp.seconds, resources: smallExp.report.resources, rss: smallExp.rss };
  for (let round = 0; round < opts.moveRounds; round++) {
    const putTarget = await newPod(stock.baseUrl, `mvput${round}${stamp}`);
    const moveTarget = await newPod(stock.baseUrl, `mvsm${round}${stamp}`);
    const importTarget = await newPod(stock.baseUrl, `mvsi${round}${stamp}`);
    await putTarget.tokens.get();
    // Alternate the order, so that a slow phase of the machine does not always hit the same side.
    const steps = {
      put: async() => ({ seconds: await putSmall(putTarget, n, c) }),
      move: async() => {
        const out = await runCli(['move', '--from', smallOnly.pod, '--to', moveTarget.pod, '--keep-source', '--yes', '--no-notify',
          '--json', '--progress-json', ...conc], moveEnv(smallOnly, moveTarget));
        check('the small-resource move', out, n);
        return out;
      },
      import: async() => {
        const out = await runCli(['import', '--archive', smallArchive, '--pod', importTarget.pod, '--json', '--progress', ...conc],
          sourceEnv(importTarget));
        check('the small-resource import', out, n);
        return out;
      },
    };
    const order = round % 2 === 0 ? ['put', 'move', 'import'] : ['import', 'move', 'put'];
    const got = {};
    for (const step of order) got[step] = await steps[step]();
    const putRate = n / got.put.seconds;
    const moveRate = n / got.move.seconds;
    const importRate = n / got.import.seconds;
    smallRatios.move.push(moveRate / putRate);
    smallRatios.import.push(importRate / putRate);
    smallRuns.push({ round, order, putSeconds: got.put.seconds, moveSeconds: got.move.seconds, moveDurationMs: got.move.report.durationMs,
      importSeconds: got.import.seconds, importDurationMs: got.import.report.durationMs, moveRss: got.move.rss, importRss: got.import.rss });
    // How busy the tool itself was: its own CPU time (user + system, from its report) over its run. A tool busy
    // a small fraction of the time is waiting for the servers, i.e. it is not the bottleneck.
    const busy = (out) => (typeof out.report.cpuMs === 'number' ? `${Math.round(100 * out.report.cpuMs / (out.seconds * 1000))}%` : '?');
    smallRuns.at(-1).moveCpuMs = got.move.report.cpuMs;
    smallRuns.at(-1).importCpuMs = got.import.report.cpuMs;
    log(`  small round ${round + 1}/${opts.moveRounds}: PUT ${putRate.toFixed(1)}/s, move ${moveRate.toFixed(1)}/s (${(moveRate / putRate).toFixed(2)}×, ` +
      `tool busy ${busy(got.move)}), import ${importRate.toFixed(1)}/s (${(importRate / putRate).toFixed(2)}×, tool busy ${busy(got.import)})`);
  }
  fs.rmSync(smallArchive, { force: true });
  detail.small = smallRuns;
  const med = (key) => median(smallRuns.map((r) => n / r[key]));
  rows.push(row(`Live move of ${n} small resources (Cartable → stock CSS) vs PUT of the same to stock CSS, c=${c}`, 'res/s',
    med('putSeconds'), med('moveSeconds'), SMALL_RATE_TARGET, { ratio: median(smallRatios.move), ratios: smallRatios.move }));
  rows.push(row(`Import of ${n} small resources (tar → stock CSS) vs PUT of the same to stock CSS, c=${c}`, 'res/s',
    med('putSeconds'), med('importSeconds'), SMALL_RATE_TARGET, { ratio: median(smallRatios.import), ratios: smallRatios.import }));

  rows.push(rssRow(`RSS of \`pod export\` (${label})`, exp.rss));
  rows.push(rssRow(`RSS of \`pod import\` (${label})`, imp.rss));
  rows.push(rssRow(`RSS of \`pod move\` (${label})`, live.rss));
  return { rows, detail };
}
