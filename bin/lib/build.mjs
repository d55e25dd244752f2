// `npm run build` and the first step of `npm start`: rebuilds only what is stale.
//   components/src -> components/dist (tsc) -> components.jsonld (componentsjs-generator)
//   pod-config/<name>.json -> .cartable/compiled/<name>.cjs (precompiled server)
//   apps/<app>/src -> apps/dist/<app>/ (esbuild)
//   vocab/cartable.ttl -> vocab/cartable.ts (checked to be current)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkConfigSyntax, compileConfig } from './compile-config.mjs';
import { mtimeOf, newestMtime } from './fs-util.mjs';
import { BIN, COMPILED, COMPONENTS_DIST, COMPONENTS_SRC, POD_CONFIG, ROOT } from './paths.mjs';

function run(command, args, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ join(BIN, command), ...args ], { cwd: ROOT, stdio: [ 'ignore', 'pipe', 'pipe' ] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`${label} failed (exit ${code}):\n${output.trim()}`));
      }
    });
  });
}

const componentsOutput = join(COMPONENTS_DIST, 'components', 'components.jsonld');

function componentsStale() {
  const inputs = newestMtime([ COMPONENTS_SRC, join(ROOT, 'tsconfig.json'), join(ROOT, '.componentsignore') ]);
  return Math.min(mtimeOf(join(COMPONENTS_DIST, 'index.js')), mtimeOf(componentsOutput)) < inputs;
}

async function buildComponents(log) {
  log('build: compiling components (tsc)');
  await run('tsc', [ '-p', 'tsconfig.json' ], 'TypeScript compilation of components/');
  log('build: generating Components.js descriptions');
  const output = await run('componentsjs-generator',
    [ '-s', 'components/src', '-c', 'components/dist/components', '-i', '.componentsignore', '-r', 'cartable' ],
    'componentsjs-generator');
  if (!existsSync(componentsOutput)) {
    throw new Error(`componentsjs-generator wrote no components.jsonld:\n${output}`);
  }
}

function configStale(name) {
  const inputs = newestMtime([
    POD_CONFIG,
    join(COMPONENTS_DIST, 'components'),
    join(ROOT, 'node_modules', '@solid', 'community-server', 'package.json'),
  ]);
  return mtimeOf(join(COMPILED, `${name}.cjs`)) < inputs;
}

/**
 * Builds what is stale. `configs` lists the entry configs to precompile (all three by default).
 * `force` rebuilds everything.
 */
export async function build({ configs = [ 'dev', 'prod', 'test' ], apps = true, force = false, log = () => {} } = {}) {
  const started = Date.now();
  if (force || componentsStale()) {
    await buildComponents(log);
  }
  const stale = configs.filter((name) => force || configStale(name));
  if (stale.length > 0) {
    checkConfigSyntax();
  }
  for (const name of stale) {
    log(`build: precompiling pod-config/${name}.json`);
    await compileConfig(name);
  }
  const vocab = await import(pathToFileURL(join(ROOT, 'vocab', 'build.mjs')).href);
  await vocab.buildVocab({ force, log });
  if (apps) {
    const appsBuild = await import(pathToFileURL(join(ROOT, 'apps', 'build.mjs')).href);
    await appsBuild.buildApps({ force, log });
  }
  log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
