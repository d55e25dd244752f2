// `npm test`: builds what is stale, runs every suite (unit, integration, browser) and ends with one
// plain line "N passed, N failed" totalling them all. `node test/run.mjs unit` runs one suite.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../bin/lib/build.mjs';
import { ROOT } from '../bin/lib/paths.mjs';
import { ensureRuntime } from '../bin/lib/runtime.mjs';

ensureRuntime();

const node = process.execPath;
const results = mkdtempSync(join(tmpdir(), 'cartable-results-'));
const nodeTest = (patterns, concurrency, timeout) => (file) => [ node, [
  '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${timeout}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  `--test-reporter=${join(ROOT, 'test', 'util', 'node-count-reporter.mjs')}`, `--test-reporter-destination=${file}`,
  ...patterns,
] ];
const SUITES = {
  unit: nodeTest([ 'test/unit/**/*.test.ts', 'test/unit/**/*.test.mjs' ], 2, 60_000),
  integration: nodeTest([ 'test/integration/**/*.test.ts' ], 1, 300_000),
  browser: (file) => [ node, [ join(ROOT, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js') ], { CARTABLE_RESULTS_FILE: file } ],
};

function runSuite(name) {
  const file = join(results, `${name}.json`);
  const [ command, args, env = {} ] = SUITES[name](file);
  process.stdout.write(`\n=== ${name} tests ===\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code) => {
      let counts;
      try {
        counts = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop());
      } catch {
        counts = { passed: 0, failed: 0 };
      }
      if (code !== 0 && counts.failed === 0) {
        process.stdout.write(`${name}: the suite exited with code ${code} without reporting a failed test; counting it as one failure\n`);
        counts.failed = 1;
      }
      resolve(counts);
    });
  });
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
for (const name of names) {
  if (!SUITES[name]) {
    process.stderr.write(`Unknown suite "${name}"; suites are ${Object.keys(SUITES).join(', ')}\n`);
    process.exit(2);
  }
}
let passed = 0;
let failed = 0;
try {
  await build({ configs: [ 'test' ], log: (message) => process.stdout.write(`${message}\n`) });
} catch (error) {
  process.stdout.write(`Build failed: ${error.message}\n0 passed, 1 failed\n`);
  process.exit(1);
}
const summary = [];
for (const name of names) {
  const counts = await runSuite(name);
  passed += counts.passed;
  failed += counts.failed;
  summary.push(`  ${name.padEnd(12)} ${counts.passed} ok, ${counts.failed} not ok`);
}
rmSync(results, { recursive: true, force: true });
process.stdout.write(`\nSuites:\n${summary.join('\n')}\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
