// Starting, stopping and measuring the two servers under test.
//
// Both servers are spawned as `<node binary> <script> ...` (no npm or shell wrapper), each in its
// own process group, so that `child.pid` is the server's own node process (its VmRSS is what the
// memory workload reads) and so that the whole group can be ended on exit or Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export const DEFAULT_CARTABLE_CMD =
  'node bin/cartable.mjs start --config prod --port {port} --data {data} --base-url {baseUrl} --no-demo';

// Stock CSS 7.2 exactly as documented, plus `-m {stockModules}` (see prepareStockModules).
export const DEFAULT_STOCK_CMD =
  'node {cssBin} -c @css:config/file.json -m {stockModules} -f {data} -p {port} -b {baseUrl} -l warn';

// ---------------------------------------------------------------------------------------------
// Cleanup registry: child processes and temporary directories, released on exit, Ctrl-C, errors.

const liveServers = new Set();
const tempDirs = new Set();
let keepTempDirs = false;

export function registerTempDir(dir) { tempDirs.add(dir); }
export function setKeepTempDirs(keep) { keepTempDirs = keep; }

function killGroupSync(pid, signal) {
  try { process.kill(-pid, signal); return true; } catch { /* group gone */ }
  try { process.kill(pid, signal); return true; } catch { return false; }
}

/** Synchronous last-resort cleanup (safe inside process.on('exit')). */
export function cleanupSync() {
  for (const server of liveServers) {
    if (server.child?.pid) killGroupSync(server.child.pid, 'SIGKILL');
    liveServers.delete(server);
  }
  if (!keepTempDirs) {
    for (const dir of tempDirs) {
      try { fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }); } catch { /* ignore */ }
      tempDirs.delete(dir);
    }
  }
}

/** Orderly cleanup: SIGTERM every live server (then SIGKILL), then remove temp dirs. */
export async function cleanupAll() {
  await Promise.allSettled([...liveServers].map((s) => s.stop()));
  cleanupSync();
}

let handlersInstalled = false;
let shuttingDown = false;
/** True once a signal asked us to stop (in-flight requests then fail: stay quiet about it). */
export const isShuttingDown = () => shuttingDown;

export function installCleanupHandlers(log = console.error) {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupSync);
  let interrupted = false;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      if (interrupted) { cleanupSync(); process.exit(code); }
      interrupted = true;
      shuttingDown = true;
      log(`\n[bench] ${signal} received: stopping servers and removing temporary data…`);
      const hardStop = setTimeout(() => { cleanupSync(); process.exit(code); }, 5000);
      hardStop.unref();
      cleanupAll().finally(() => process.exit(code));
    });
  }
}

// ---------------------------------------------------------------------------------------------

/** A free TCP port on this machine (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Split a command template like a (very) small shell: whitespace separates words, single and
 * double quotes group, backslash escapes the next character. No variables, pipes or globs.
 */
export function splitCommand(template) {
  const words = [];
  let cur = '';
  let inWord = false;
  let quote = null;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < template.length) cur += template[++i];
      else cur += c;
    } else if (c === "'" || c === '"') { quote = c; inWord = true; }
    else if (c === '\\' && i + 1 < template.length) { cur += template[++i]; inWord = true; }
    else if (/\s/.test(c)) { if (inWord) { words.push(cur); cur = ''; inWord = false; } }
    else { cur += c; inWord = true; }
  }
  if (quote) throw new Error(`unterminated ${quote} in command: ${template}`);
  if (inWord) words.push(cur);
  return words;
}

/** Turn a template into [file, ...args], substituting {placeholders}, spawning node directly. */
export function buildArgv(template, vars) {
  const words = splitCommand(template).map((w) =>
    w.replace(/\{(\w+)\}/g, (m, key) => {
      if (!(key in vars)) throw new Error(`unknown placeholder ${m} in command: ${template}`);
      return String(vars[key]);
    }));
  if (words.length === 0) throw new Error('empty server command');
  if (words[0] === 'node' || words[0] === 'nodejs') words[0] = process.execPath;
  else if (/\.(m|c)?js$/.test(words[0])) words.unshift(process.execPath);
  return words;
}

/**
 * Components.js discovers components by walking *up* from the main module path and scanning every
 * package.json / node_modules it meets. Inside this repository that includes the Cartable package
 * itself (whose components may not be built) and devDependencies such as componentsjs-generator
 * (whose nested @comunica 4.x components need a remote context: "fetch failed" offline). Either
 * makes the documented stock command fail here. So the stock server gets its own main module
 * directory outside the repo whose node_modules holds symlinks to exactly the dependency closure of
 * @solid/community-server, i.e. what a project that only installed CSS 7.2 would have.
 */
export function prepareStockModules(repoRoot, targetDir) {
  const nm = path.join(repoRoot, 'node_modules');
  const cssDir = path.join(nm, '@solid', 'community-server');
  if (!fs.existsSync(path.join(cssDir, 'package.json'))) {
    throw new Error(`@solid/community-server is not installed in ${nm} (run npm ci)`);
  }
  const findPkg = (name, fromDir) => {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const cand = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(cand, 'package.json'))) return cand;
      if (path.dirname(dir) === dir) return null;
    }
  };
  const seen = new Set();
  const stack = [cssDir];
  while (stack.length) {
    const real = fs.realpathSync(stack.pop());
    if (seen.has(real)) continue;
    seen.add(real);
    const pj = JSON.parse(fs.readFileSync(path.join(real, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pj.dependencies, ...pj.optionalDependencies })) {
      const found = findPkg(dep, real);
      if (found) stack.push(found);
    }
  }
  fs.mkdirSync(path.join(targetDir, 'node_modules'), { recursive: true });
  const cssVersion = JSON.parse(fs.readFileSync(path.join(cssDir, 'package.json'), 'utf8')).version;
  fs.writeFileSync(path.join(targetDir, 'package.json'), JSON.stringify({
    name: 'cartable-bench-stock-css', version: '0.0.0', private: true,
    dependencies: { '@solid/community-server': cssVersion },
  }, null, 2));
  let links = 0;
  for (const dir of seen) {
    const rel = path.relative(nm, dir);
    if (rel.startsWith('..') || rel.split(path.sep).includes('node_modules')) continue; // nested: reached via its parent
    const link = path.join(targetDir, 'node_modules', rel);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(dir, link);
    links++;
  }
  return { dir: targetDir, packages: seen.size, links, cssVersion };
}

// ---------------------------------------------------------------------------------------------
// Memory

/** VmRSS of one process in bytes, or null if it is gone. */
export function readVmRss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch { return null; }
}

/** pid plus all its descendants (from /proc/<pid>/stat parent ids). */
export function processTree(rootPid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* raced with exit */ }
  }
  const out = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export class StartError extends Error {
  constructor(message, server) {
    super(message);
    this.server = server;
  }
}

/**
 * One server under test. `spec` = { key, label, template, vars, cwd }.
 * start() resolves with { readyMs, listeningMs } measured from spawn() to the first 200 on
 * GET / (Accept: text/html), i.e. the cold-start figure.
 */
export class ServerProcess {
  constructor(spec, { logFile, verbose = false } = {}) {
    this.key = spec.key;
    this.label = spec.label;
    this.spec = spec;
    this.baseUrl = spec.vars.baseUrl;
    this.logFile = logFile;
    this.verbose = verbose;
    this.child = null;
    this.stderrTail = [];
    this.stdoutTail = [];
    this.exitInfo = null;
  }

  get argv() { return buildArgv(this.spec.template, this.spec.vars); }

  get pid() { return this.child?.pid ?? null; }

  _capture(stream, tail, tag, onLine) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      if (this.logFile) fs.appendFileSync(this.logFile, chunk);
      if (this.verbose) process.stderr.write(chunk.replace(/^(?=.)/gm, `[${this.key} ${tag}] `));
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 200) tail.shift();
        onLine?.(line);
      }
    });
    stream.on('end', () => { if (partial) { tail.push(partial); onLine?.(partial); } });
  }

  lastOutput(n = 30) {
    const lines = this.stderrTail.length ? this.stderrTail : this.stdoutTail;
    return lines.slice(-n).join('\n');
  }

  async start({ timeoutMs = 120_000, pollMs = 20 } = {}) {
    if (this.child) throw new Error(`${this.label} is already running`);
    let [file, ...args] = this.argv;
    if (this.spec.pinCpus) {
      // taskset execs the command: the pid stays the server's own.
      args = ['-c', this.spec.pinCpus, file, ...args];
      file = 'taskset';
    }
    this.stderrTail = [];
    this.stdoutTail = [];
    this.exitInfo = null;
    if (this.logFile) fs.appendFileSync(this.logFile, `\n===== ${new Date().toISOString()} spawn: ${[file, ...args].join(' ')}\n`);
    let listeningMs = null;
    const t0 = performance.now();
    const child = spawn(file, args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: we can end the server and anything it spawns
    });
    this.child = child;
    liveServers.add(this);
    const onLine = (line) => { if (listeningMs === null && /Listening/i.test(line)) listeningMs = performance.now() - t0; };
    this._capture(child.stdout, this.stdoutTail, 'out', onLine);
    this._capture(child.stderr, this.stderrTail, 'err', onLine);
    const exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        liveServers.delete(this);
        resolve();
      });
      child.on('error', (err) => { this.exitInfo = { error: err }; liveServers.delete(this); resolve(); });
    });
    this._exited = exited;

    const deadline = t0 + timeoutMs;
    let lastProblem = 'no answer yet';
    while (true) {
      if (this.exitInfo) {
        const why = this.exitInfo.error ? `could not be spawned (${this.exitInfo.error.message})`
          : `exited during start-up (code ${this.exitInfo.code}, signal ${this.exitInfo.signal})`;
        this.child = null;
        throw new StartError(`${this.label} ${why}`, this);
      }
      if (performance.now() > deadline) {
        await this.stop();
        throw new StartError(`${this.label} did not answer 200 on GET ${this.baseUrl} within ${Math.round(timeoutMs / 1000)} s (last: ${lastProblem})`, this);
      }
      try {
        const res = await fetch(this.baseUrl, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status === 200) {
          const readyMs = performance.now() - t0;
          return { readyMs, listeningMs };
        }
        lastProblem = `HTTP ${res.status}`;
      } catch (err) {
        lastProblem = err.cause?.code ?? err.cause?.message ?? err.message;
      }
      await Promise.race([sleep(pollMs), exited]);
    }
  }

  /** SIGTERM the process group, wait for exit, SIGKILL after graceMs. */
  async stop({ graceMs = 10_000 } = {}) {
    const child = this.child;
    if (!child) return;
    if (!this.exitInfo) {
      killGroupSync(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroupSync(child.pid, 'SIGKILL'), graceMs);
      await this._exited;
      clearTimeout(timer);
    }
    // Anything left in the group (e.g. a grandchild of a wrapper) goes too.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* empty group */ }
    this.child = null;
    liveServers.delete(this);
  }

  /** Resident memory: { pid, rss (that process), treeRss (with descendants), treePids }. */
  memory() {
    if (!this.child) return null;
    const pid = this.child.pid;
    const pids = processTree(pid);
    let treeRss = 0;
    for (const p of pids) treeRss += readVmRss(p) ?? 0;
    return { pid, rss: readVmRss(pid), treeRss, treePids: pids };
  }
}
