// Cartable runs on the Node runtime pinned in package.json (the `node` package puts it in
// node_modules/.bin). `npm start`/`npm test` find it on their PATH; a script started directly with an
// older system Node re-runs itself with the pinned one instead of failing in obscure ways.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

const MINIMUM_MAJOR = 22;

/** Re-executes the current script with the pinned Node when this one is too old; never returns then. */
export function ensureRuntime() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MINIMUM_MAJOR) {
    return;
  }
  const pinned = join(ROOT, 'node_modules', '.bin', 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(`Cartable needs Node ${MINIMUM_MAJOR} or later (this is ${process.version}). ` +
      'Run `npm install` first: it installs the pinned Node runtime.\n');
    process.exit(1);
  }
  const result = spawnSync(pinned, process.argv.slice(1), { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
