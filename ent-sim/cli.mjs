#!/usr/bin/env node
/**
 * Runs the simulated ENT on its own.
 *
 *   node ent-sim/cli.mjs --demo
 *   node ent-sim/cli.mjs --port 3001 --seed 42 --pupils 170000
 *
 * Run `node ent-sim/cli.mjs --help` for every option.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { createDemoDirectory, createDirectory, listDemoAccounts } from './directory.mjs';
import { startEntSimulator } from './server.mjs';

const HELP = `Simulated school ENT (Toutatice-shaped) for Cartable.

Usage: node ent-sim/cli.mjs [options]

Directory (default: --demo)
  --demo                      the fixed demo collège (known logins, password "demo")
  --seed <seed>               seed of a generated directory (default 42)
  --pupils <n>                generate schools until n pupils (up to the académie's 170000)
  --schools <n>               generate n schools (two collèges for one lycée)
  --school-year <year>        start year of the school year (default: the current one)
  --password <password>       password of every person (default "demo")

Server
  --port <port>               default 3001
  --host <host>               default 127.0.0.1 (use its own host name: CSS shares cookie names)
  --issuer <url>              public origin, if not http://<host>:<port>
  --proxy                     trust X-Forwarded-* headers (behind a TLS proxy)
  --access-token-ttl <s>      default 3600
  --refresh-token-ttl <s>     default 1209600 (14 days)

Client (one client from options, or several from a JSON file)
  --client-id <id>            default "cartable"
  --client-secret <secret>    default "cartable-dev-secret"
  --redirect-uri <uri>        repeatable; default http://localhost:3000/ent/callback
  --post-logout-redirect-uri <uri>  repeatable; default http://localhost:3000/
  --clients <file.json>       [{ "client_id", "client_secret", "redirect_uris": [], "post_logout_redirect_uris": [] }]
`;

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean' },
    seed: { type: 'string' },
    pupils: { type: 'string' },
    schools: { type: 'string' },
    'school-year': { type: 'string' },
    password: { type: 'string' },
    port: { type: 'string', default: '3001' },
    host: { type: 'string', default: '127.0.0.1' },
    issuer: { type: 'string' },
    proxy: { type: 'boolean' },
    'access-token-ttl': { type: 'string' },
    'refresh-token-ttl': { type: 'string' },
    'client-id': { type: 'string', default: 'cartable' },
    'client-secret': { type: 'string', default: 'cartable-dev-secret' },
    'redirect-uri': { type: 'string', multiple: true },
    'post-logout-redirect-uri': { type: 'string', multiple: true },
    clients: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

/** @param {string|undefined} value @param {string} name */
function integer(value, name) {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`--${name} needs a whole number, got ${value}`);
  }
  return n;
}

const schoolYear = integer(values['school-year'], 'school-year');
const generated = values.pupils !== undefined || values.schools !== undefined;
if (values.demo && generated) {
  throw new Error('--demo cannot be combined with --pupils or --schools');
}
const directory = generated
  ? createDirectory({
    seed: values.seed ?? 42, pupils: integer(values.pupils, 'pupils'), schools: integer(values.schools, 'schools'),
    schoolYear, password: values.password,
  })
  : createDemoDirectory({ schoolYear, password: values.password });

const clients = values.clients
  ? JSON.parse(readFileSync(values.clients, 'utf8'))
  : [{
    client_id: values['client-id'],
    client_secret: values['client-secret'],
    redirect_uris: values['redirect-uri'] ?? ['http://localhost:3000/ent/callback'],
    post_logout_redirect_uris: values['post-logout-redirect-uri'] ?? ['http://localhost:3000/'],
  }];

if (generated) {
  const ms = directory.warm();
  const stats = directory.stats();
  console.log(`Directory (seed ${directory.seed}): ${stats.schools} schools, ${stats.pupils} pupils, ${stats.teachers} teachers, ${stats.parents} parents; login index built in ${(ms / 1000).toFixed(1)} s`);
}

const sim = await startEntSimulator({
  port: integer(values.port, 'port'),
  host: values.host,
  issuer: values.issuer,
  proxy: values.proxy,
  clients,
  directory,
  tokenTtl: {
    ...(values['access-token-ttl'] ? { accessToken: integer(values['access-token-ttl'], 'access-token-ttl') } : {}),
    ...(values['refresh-token-ttl'] ? { refreshToken: integer(values['refresh-token-ttl'], 'refresh-token-ttl') } : {}),
  },
});

console.log(`Simulated ENT listening on ${sim.url} (issuer ${sim.issuer})`);
console.log(`Discovery: ${sim.issuer}/.well-known/openid-configuration`);
for (const c of clients) {
  console.log(`Client ${c.client_id}: redirect ${c.redirect_uris.join(', ')}`);
}
if (!generated) {
  console.log('Demo accounts (password "%s"):', values.password ?? 'demo');
  console.table(listDemoAccounts({ schoolYear: directory.schoolYear, password: values.password })
    .map((a) => ({ login: a.login, name: a.name, role: a.role, class: a.classGid ?? '', uid: a.uid })));
}

/** Stops on Ctrl-C or a termination signal. */
function shutdown() {
  sim.stop().then(() => process.exit(0), () => process.exit(1));
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
