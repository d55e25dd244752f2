#!/usr/bin/env node
/**
 * Bundles each app of apps/ for browsers with esbuild: `apps/<app>/src/<app>-app.ts` becomes
 * `apps/dist/<app>/app.js` (ESM, minified, with a source map, ES2022), and the static files next to
 * `apps/<app>/src/` (index.html, CSS) are copied beside it.
 *
 * Incremental: an app is rebuilt only when one of its outputs is older than any input, the inputs being
 * every file under apps/ (apps share apps/shared/), the pod layout in components/src/pods/ and
 * package-lock.json (dependency upgrades). `--force` rebuilds anyway.
 *
 * Use: `node apps/build.mjs [--force] [app ...]`, or `import { buildApps } from './apps/build.mjs'`.
 */
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const APPS_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(APPS_DIR);
const DIST_DIR = join(APPS_DIR, 'dist');
/** Folders of apps/ that are not apps. */
const NOT_APPS = new Set([ 'dist', 'shared', 'node_modules' ]);
/** Inputs outside apps/. */
const EXTRA_INPUTS = [ join(ROOT, 'components', 'src', 'pods'), join(ROOT, 'package-lock.json') ];

/** Every file under `path` (or `path` itself), skipping `skip`. */
async function filesUnder(path, skip = new Set()) {
  const info = await stat(path).catch(() => null);
  if (info === null) {
    return [];
  }
  if (!info.isDirectory()) {
    return [ path ];
  }
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries
    .filter((entry) => !skip.has(join(path, entry.name)))
    .map((entry) => filesUnder(join(path, entry.name), skip)));
  return nested.flat();
}

async function mtimes(paths) {
  return Promise.all(paths.map(async(path) => (await stat(path)).mtimeMs));
}

/** The apps: folders of apps/ with a `src/<name>-app.ts` root element. */
export async function listApps() {
  const entries = await readdir(APPS_DIR, { withFileTypes: true });
  const apps = [];
  for (const entry of entries) {
    if (entry.isDirectory() && !NOT_APPS.has(entry.name) &&
      await stat(join(APPS_DIR, entry.name, 'src', `${entry.name}-app.ts`)).catch(() => null) !== null) {
      apps.push(entry.name);
    }
  }
  return apps.sort();
}

/** Static files of an app: the files directly in `apps/<app>/` (not in folders). */
async function staticFiles(app) {
  const entries = await readdir(join(APPS_DIR, app), { withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** Whether every output of `app` is newer than every input. */
async function isUpToDate(app) {
  const outDir = join(DIST_DIR, app);
  const outputs = [ 'app.js', 'app.js.map', ...await staticFiles(app) ].map((name) => join(outDir, name));
  const outputTimes = await mtimes(outputs).catch(() => null);
  if (outputTimes === null) {
    return false;
  }
  const inputs = [
    ...await filesUnder(APPS_DIR, new Set([ DIST_DIR, join(APPS_DIR, 'node_modules') ])),
    ...(await Promise.all(EXTRA_INPUTS.map((path) => filesUnder(path)))).flat(),
  ];
  return Math.min(...outputTimes) > Math.max(...await mtimes(inputs));
}

/** esbuild options for one app. */
export function esbuildOptions(app) {
  return {
    absWorkingDir: ROOT,
    entryPoints: { app: join(APPS_DIR, app, 'src', `${app}-app.ts`) },
    outdir: join(DIST_DIR, app),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    tsconfig: join(APPS_DIR, 'tsconfig.json'),
    // Libraries that read process.env.NODE_ENV get the production branch; nothing is polyfilled.
    define: { 'process.env.NODE_ENV': '"production"', 'global': 'globalThis' },
    logLevel: 'warning',
    metafile: true,
  };
}

/** Builds one app into apps/dist/<app>/; returns the bundle size in bytes. */
async function buildApp(app) {
  const outDir = join(DIST_DIR, app);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await esbuild.build(esbuildOptions(app));
  for (const name of await staticFiles(app)) {
    await copyFile(join(APPS_DIR, app, name), join(outDir, name));
  }
  const output = Object.entries(result.metafile.outputs).find(([ path ]) => path.endsWith('app.js'));
  return output?.[1].bytes ?? 0;
}

/**
 * Builds the apps that are out of date (all of them with `force`).
 *
 * @param {{ force?: boolean, apps?: string[], log?: (line: string) => void }} [options]
 * @returns {Promise<{ app: string, built: boolean, bytes?: number }[]>}
 */
export async function buildApps({ force = false, apps, log = () => {} } = {}) {
  const results = [];
  for (const app of apps ?? await listApps()) {
    if (!force && await isUpToDate(app)) {
      log(`${app}: up to date`);
      results.push({ app, built: false });
      continue;
    }
    const bytes = await buildApp(app);
    log(`${app}: built ${relative(ROOT, join(DIST_DIR, app, 'app.js'))} (${Math.round(bytes / 1024)} KiB)`);
    results.push({ app, built: true, bytes });
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const apps = args.filter((arg) => !arg.startsWith('--'));
  try {
    await buildApps({ force: args.includes('--force'), apps: apps.length > 0 ? apps : undefined, log: console.log });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
