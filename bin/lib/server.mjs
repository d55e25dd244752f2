// Starts Cartable from a precompiled entry config, in this process.
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from './build.mjs';
import { COMPILED, ROOT } from './paths.mjs';

const require = createRequire(join(ROOT, 'package.json'));

/** Why the server could not start, in words an operator can act on. */
export class StartError extends Error {}

/** Resolves when the port can be bound on all interfaces; rejects with a clear message otherwise. */
export function checkPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => {
      reject(new StartError(error.code === 'EADDRINUSE' ?
          `Port ${port} is already in use (another Cartable or program listens on it). Stop it, or choose another port with --port.` :
          `Cannot listen on port ${port}: ${error.message}`));
    });
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** The variables of a precompiled config, from start options. */
export function variablesFor(options) {
  const v = (name) => `urn:solid-server:default:variable:${name}`;
  return {
    [v('port')]: options.port,
    [v('baseUrl')]: options.baseUrl,
    [v('socket')]: undefined,
    [v('rootFilePath')]: options.data,
    [v('loggingLevel')]: options.logLevel,
    [v('showStackTrace')]: false,
    [v('seedConfig')]: undefined,
    [v('workers')]: 1,
    [v('confirmMigration')]: false,
    'urn:cartable:default:variable:podQuota': options.quota,
    'urn:cartable:default:variable:demoSchool': options.demo ? 'pod-config/demo/school.json' : '',
  };
}

/**
 * Builds what is stale, checks the data folder and the port, and starts the server.
 * Returns `{ app, url, stop }`.
 */
export async function startCartable(options, { log = () => {}, buildFirst = true } = {}) {
  if (buildFirst) {
    await build({ configs: [ options.config ], log });
  }
  const { prepareDataFolder } = require('./components/dist/index.js');
  try {
    prepareDataFolder(options.data);
  } catch (error) {
    throw new StartError(error.message);
  }
  await checkPortFree(options.port);
  const createApp = require(join(COMPILED, `${options.config}.cjs`));
  const app = createApp(variablesFor(options));
  try {
    await app.start();
  } catch (error) {
    throw new StartError(`Cartable could not start: ${error.message}`);
  }
  let stopped;
  return {
    app,
    url: options.baseUrl,
    stop: () => {
      stopped ??= app.stop();
      return stopped;
    },
  };
}
