// Starts Cartable from a precompiled entry config, in this process.
import { randomBytes } from 'node:crypto';
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
    'urn:cartable:default:variable:entIssuer': options.ent?.issuer ?? '',
    'urn:cartable:default:variable:entClientId': options.ent?.clientId ?? '',
    'urn:cartable:default:variable:entClientSecret': options.ent?.clientSecret ?? '',
    'urn:cartable:default:variable:entScope': options.ent?.scope ?? 'openid profile toutatice offline_access',
  };
}

/**
 * Starts the simulated ENT (ent-sim/, demo directory) on 127.0.0.1, the embedded default of `npm start` when
 * no real ENT is configured, with a client registered for this server. Another host name than localhost,
 * because browsers share cookies across ports and CSS and oidc-provider use the same cookie names.
 */
async function startSimulatedEnt(options, log) {
  const { startEntSimulator } = await import('../../ent-sim/server.mjs');
  const clientSecret = randomBytes(24).toString('base64url');
  try {
    await checkPortFree(options.entSim.port);
  } catch {
    throw new StartError(`Port ${options.entSim.port} for the simulated ENT is already in use. Stop what uses it, ` +
      'choose another one with --ent-sim-port, or configure a real ENT with --ent-issuer.');
  }
  const simulator = await startEntSimulator({
    port: options.entSim.port,
    host: '127.0.0.1',
    log: (message, error) => log(`ent-sim: ${message}${error ? ` ${error.message ?? error}` : ''}`),
    clients: [{
      client_id: 'cartable',
      client_secret: clientSecret,
      client_name: 'Cartable',
      redirect_uris: [ `${options.baseUrl}.account/login/ent/callback/` ],
      post_logout_redirect_uris: [ options.baseUrl, `${options.baseUrl}.account/logout/done/` ],
    }],
  });
  log(`Simulated ENT (demo school) at ${simulator.url}`);
  return {
    simulator,
    ent: { issuer: simulator.url, clientId: 'cartable', clientSecret, scope: 'openid profile toutatice offline_access' },
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
  // Relative asset paths in the configs (templates, apps) are relative to the package root.
  process.chdir(ROOT);
  const { prepareDataFolder } = require('./components/dist/index.js');
  try {
    prepareDataFolder(options.data);
  } catch (error) {
    throw new StartError(error.message);
  }
  await checkPortFree(options.port);
  let ent = options.ent;
  let simulator;
  if (!ent && options.entSim) {
    ({ ent, simulator } = await startSimulatedEnt(options, log));
  }
  const createApp = require(join(COMPILED, `${options.config}.cjs`));
  const app = createApp(variablesFor({ ...options, ent }));
  try {
    await app.start();
  } catch (error) {
    await simulator?.stop();
    throw new StartError(`Cartable could not start: ${error.message}`);
  }
  let stopped;
  return {
    app,
    url: options.baseUrl,
    ent: ent ? { issuer: ent.issuer, simulated: Boolean(simulator) } : undefined,
    stop: () => {
      stopped ??= app.stop().then(() => simulator?.stop());
      return stopped;
    },
  };
}
