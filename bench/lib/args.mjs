// Command-line options of bench/run.mjs.
import { parseArgs } from 'node:util';

export const WORKLOADS = ['get', 'put', 'container', 'large', 'memory', 'coldstart'];
// Not in the default set (several minutes, 0.5 GB of data): only with --only (bench/README.md, "Move").
export const EXTRA_WORKLOADS = ['move'];
const ALL_WORKLOADS = [...WORKLOADS, ...EXTRA_WORKLOADS];

const ALIASES = {
  'get-small': 'get', small: 'get', turtle: 'get',
  'put-small': 'put', write: 'put',
  'get-container': 'container', children: 'container', listing: 'container',
  upload: 'large', download: 'large', big: 'large', blob: 'large',
  rss: 'memory', mem: 'memory',
  'pod-move': 'move', export: 'move', import: 'move',
  'cold-start': 'coldstart', cold: 'coldstart', start: 'coldstart', restart: 'coldstart',
};

export const USAGE = `Usage: node bench/run.mjs [options]

Compares stock Community Solid Server 7.2 (@css:config/file.json) with Cartable,
running paired, alternating rounds on this machine.

Options:
  --rounds N            paired rounds per workload (default 5; cold start uses max(3, N))
  --quick               2 rounds and smaller request counts (cold start still 3 restarts)
  --only LIST           comma-separated subset of: ${WORKLOADS.join(', ')} (the default set),
                        or ${EXTRA_WORKLOADS.join(', ')} (only when named)
  --cartable-cmd CMD    command template that starts Cartable (also env BENCH_CARTABLE_CMD);
                        "stock" = use stock CSS in place of Cartable (harness self-test)
  --stock-cmd CMD       override the stock CSS command template (also env BENCH_STOCK_CMD)
  --keep-data           keep the temporary data directories and server logs
  --markdown-out FILE   also write the results table (with date and machine) to FILE
  --json-out FILE       JSON results file (default bench/results/latest.json)
  --start-timeout S     seconds to wait for a server to answer 200 on GET / (default 120)
  --concurrency N       concurrent requests for the small-request workloads (default 4)
  --slices N            interleaved slices per round for get/put/container (default 4)
  --get-count N         requests per round, GET small Turtle (default 500, quick 200)
  --put-count N         requests per round, PUT small Turtle (default 200, quick 100)
  --children N          children of the big container (default 1000)
  --container-count N   GETs of the big container per round (default 20, quick 6)
  --large-mb N          size of the large upload/download in MB of 10^6 bytes (default 100)
  --pin CPUS            run both servers under \`taskset -c CPUS\` (e.g. --pin 1), see README
  --large-reps N        upload+download repetitions per round (default 3, quick 2)
  --move-small N        move: small resources in the source pod (default 2000, quick 500)
  --move-mb N           move: MB (10^6 bytes) of binaries in the source pod (default 500, quick 100)
  --move-files N        move: number of binary files sharing --move-mb (default 5)
  --move-rounds N       move: rounds of the small-resource comparison with PUT (default 1)
  --move-cp-reps N      move: repetitions of the cp -r reference, median taken (default 3)
  --strict              exit with code 2 when a target is missed
  --verbose             echo server output and progress details
  -h, --help            this help

Command templates are split like a shell would (quotes allowed, no pipes or variables)
and may use the placeholders {port} {data} {baseUrl} {repo} {cssBin} {stockModules}.
A leading "node" is replaced by the Node binary running the harness, so the spawned
process is the server itself (its RSS is what is measured).
Default Cartable command:
  node bin/cartable.mjs start --port {port} --data {data} --base-url {baseUrl} --no-demo
`;

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'cartable-cmd': { type: 'string' },
      'stock-cmd': { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
      'markdown-out': { type: 'string' },
      'json-out': { type: 'string' },
      'start-timeout': { type: 'string' },
      concurrency: { type: 'string' },
      slices: { type: 'string' },
      'get-count': { type: 'string' },
      'put-count': { type: 'string' },
      children: { type: 'string' },
      'container-count': { type: 'string' },
      'large-mb': { type: 'string' },
      'large-reps': { type: 'string' },
      'move-small': { type: 'string' },
      'move-mb': { type: 'string' },
      'move-files': { type: 'string' },
      'move-rounds': { type: 'string' },
      'move-cp-reps': { type: 'string' },
      strict: { type: 'boolean', default: false },
      pin: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  const int = (name, fallback, min = 1) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${raw}")`);
    return n;
  };

  const quick = values.quick;
  const rounds = int('rounds', quick ? 2 : 5);
  let only = WORKLOADS;
  if (values.only) {
    only = [];
    for (const raw of values.only.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
      const name = ALIASES[raw] ?? raw;
      if (!ALL_WORKLOADS.includes(name)) throw new UsageError(`unknown workload "${raw}" (known: ${ALL_WORKLOADS.join(', ')})`);
      if (!only.includes(name)) only.push(name);
    }
    only.sort((a, b) => ALL_WORKLOADS.indexOf(a) - ALL_WORKLOADS.indexOf(b));
  }

  return {
    help: values.help,
    quick,
    rounds,
    coldRounds: Math.max(3, rounds),
    only,
    cartableCmd: values['cartable-cmd'] ?? process.env.BENCH_CARTABLE_CMD ?? null,
    stockCmd: values['stock-cmd'] ?? process.env.BENCH_STOCK_CMD ?? null,
    keepData: values['keep-data'],
    markdownOut: values['markdown-out'] ?? null,
    jsonOut: values['json-out'] ?? null,
    startTimeoutMs: int('start-timeout', 120) * 1000,
    concurrency: int('concurrency', 4),
    slices: int('slices', 4),
    getCount: int('get-count', quick ? 200 : 500),
    putCount: int('put-count', quick ? 100 : 200),
    children: int('children', 1000),
    containerCount: int('container-count', quick ? 6 : 20),
    largeBytes: int('large-mb', 100) * 1_000_000,
    largeReps: int('large-reps', quick ? 2 : 3),
    moveSmall: int('move-small', quick ? 500 : 2000),
    moveBytes: int('move-mb', quick ? 100 : 500) * 1_000_000,
    moveFiles: int('move-files', 5),
    moveRounds: int('move-rounds', 1),
    moveCpReps: int('move-cp-reps', 3),
    // Renew Bearer tokens when less than this is left (CSS tokens last 600 s). Env only; a large
    // value (e.g. 595) forces frequent renewals, to test the renewal path.
    tokenMarginMs: Number(process.env.BENCH_TOKEN_MARGIN_S ?? 90) * 1000,
    pin: values.pin ?? null,
    strict: values.strict,
    verbose: values.verbose,
  };
}

export class UsageError extends Error {}
