// Cartable's start options: flags, then environment, then an optional JSON settings file, then defaults.
// Every error names where the bad value came from (flag, variable, or file and key).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { POD_CONFIG, ENTRY_CONFIGS } from './paths.mjs';

/** A bad option; the message says which one and what is expected. */
export class OptionError extends Error {}

const SPEC = {
  port: { type: 'string', short: 'p', env: 'CARTABLE_PORT', help: 'port to listen on (default 3000)' },
  'base-url': { type: 'string', short: 'b', env: 'CARTABLE_BASE_URL', help: 'public base URL (default http://localhost:<port>/)' },
  data: { type: 'string', short: 'f', env: 'CARTABLE_DATA', help: 'data folder (default ./data)' },
  config: { type: 'string', short: 'c', env: 'CARTABLE_CONFIG', help: `entry config: ${ENTRY_CONFIGS.join(', ')} (default dev)` },
  quota: { type: 'string', env: 'CARTABLE_QUOTA', help: 'storage quota per pod, e.g. 5GB (default 5GB)' },
  demo: { type: 'boolean', env: 'CARTABLE_DEMO', help: 'seed the demo school with password logins (default: on with the dev config when no ENT is used)' },
  'log-level': { type: 'string', short: 'l', env: 'CARTABLE_LOG_LEVEL', help: 'error, warn, info, verbose, debug (default info)' },
  'ent-issuer': { type: 'string', env: 'CARTABLE_ENT_ISSUER', help: 'issuer URL of the school ENT (none: the simulated ENT in dev)' },
  'ent-client-id': { type: 'string', env: 'CARTABLE_ENT_CLIENT_ID', help: 'Cartable\'s client id at the ENT' },
  'ent-client-secret': { type: 'string', env: 'CARTABLE_ENT_CLIENT_SECRET', help: 'Cartable\'s client secret at the ENT' },
  'ent-scope': { type: 'string', env: 'CARTABLE_ENT_SCOPE', help: 'scopes asked of the ENT (default "openid profile toutatice offline_access")' },
  'ent-sim': { type: 'boolean', env: 'CARTABLE_ENT_SIM', help: 'run the simulated ENT (default: on with the dev config when no ENT is set)' },
  'ent-sim-port': { type: 'string', env: 'CARTABLE_ENT_SIM_PORT', help: 'port of the simulated ENT on 127.0.0.1 (default 3001)' },
  settings: { type: 'string', env: 'CARTABLE_SETTINGS', help: 'JSON file with any of these options as keys' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export function usage() {
  const lines = Object.entries(SPEC).map(([ name, spec ]) =>
    `  ${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ' <value>' : ''}`.padEnd(30) +
    `${spec.help}${spec.env ? ` [${spec.env}]` : ''}`);
  return `Usage: cartable [start] [options]\n\nOptions:\n${lines.join('\n')}\n` +
    'Boolean options take --no-<name> to turn them off (e.g. --no-demo).\n';
}

function fromSettingsFile(file) {
  let settings;
  try {
    settings = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OptionError(`Settings file ${file} is unreadable or not JSON: ${error.message}`);
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new OptionError(`Settings file ${file} must contain a JSON object`);
  }
  const values = {};
  for (const [ key, value ] of Object.entries(settings)) {
    const spec = SPEC[key];
    if (!spec || key === 'settings' || key === 'help') {
      throw new OptionError(`Settings file ${file}: unknown key "${key}" (known: ${Object.keys(SPEC)
        .filter((name) => name !== 'settings' && name !== 'help').join(', ')})`);
    }
    const ok = spec.type === 'boolean' ? typeof value === 'boolean' :
      typeof value === 'string' || (typeof value === 'number' && [ 'port', 'quota', 'ent-sim-port' ].includes(key));
    if (!ok) {
      throw new OptionError(`Settings file ${file}: key "${key}" must be a ${spec.type}, got ${JSON.stringify(value)}`);
    }
    values[key] = { value: String(value), source: `key "${key}" of ${file}` };
    if (key === 'data' && !isAbsolute(values[key].value)) {
      // A relative data folder in a settings file is relative to that file, not to the working folder.
      values[key].value = resolve(dirname(file), values[key].value);
    }
    if (spec.type === 'boolean') {
      values[key].value = value;
    }
  }
  return values;
}

/** Parses argv (without node and script) and env into validated start options. */
export function parseOptions(argv, env = process.env, cwd = process.cwd()) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(SPEC).map(([ name, { type, short } ]) => [ name, short ? { type, short } : { type } ])),
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    throw new OptionError(`${error.message}\n\n${usage()}`);
  }
  const raw = {};
  const settingsFile = parsed.values.settings ?? env.CARTABLE_SETTINGS;
  if (settingsFile) {
    Object.assign(raw, fromSettingsFile(resolve(cwd, settingsFile)));
  }
  for (const [ name, spec ] of Object.entries(SPEC)) {
    if (spec.env && env[spec.env] !== undefined && env[spec.env] !== '') {
      const value = spec.type === 'boolean' ? ![ '0', 'false', 'no', 'off' ].includes(env[spec.env].toLowerCase()) : env[spec.env];
      raw[name] = { value, source: `environment variable ${spec.env}` };
    }
    if (parsed.values[name] !== undefined) {
      raw[name] = { value: parsed.values[name], source: `option --${name}` };
    }
  }
  const command = parsed.positionals[0] ?? 'start';

  const portText = String(raw.port?.value ?? '3000');
  const port = Number(portText);
  if (!/^\d+$/u.test(portText) || port < 1 || port > 65535) {
    throw new OptionError(`Invalid port ${JSON.stringify(portText)} (from ${raw.port?.source}): expected a number from 1 to 65535`);
  }
  let baseUrl = raw['base-url']?.value ?? `http://localhost:${port}/`;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error('not http(s)');
    }
    if (url.search || url.hash) {
      throw new Error('no query or fragment allowed');
    }
  } catch (error) {
    throw new OptionError(`Invalid base URL ${JSON.stringify(baseUrl)} (from ${raw['base-url']?.source}): ` +
      `expected an http(s) URL such as https://cartable.example.org/ (${error.message})`);
  }
  if (!baseUrl.endsWith('/')) {
    baseUrl += '/';
  }
  const config = raw.config?.value ?? 'dev';
  const configFile = ENTRY_CONFIGS.includes(config) ? resolve(POD_CONFIG, `${config}.json`) : undefined;
  if (!configFile) {
    throw new OptionError(`Unknown config ${JSON.stringify(config)} (from ${raw.config?.source}): expected one of ${ENTRY_CONFIGS.join(', ')}`);
  }
  const quota = String(raw.quota?.value ?? '5GB');
  if (!/^\s*\d+(?:\.\d+)?\s*(?:[kmgt]i?)?b?\s*$/iu.test(quota)) {
    throw new OptionError(`Invalid quota ${JSON.stringify(quota)} (from ${raw.quota?.source}): expected bytes or a size like 500MB, 5GB`);
  }
  const logLevel = raw['log-level']?.value ?? 'info';
  if (![ 'error', 'warn', 'info', 'verbose', 'debug', 'silly' ].includes(logLevel)) {
    throw new OptionError(`Invalid log level ${JSON.stringify(logLevel)} (from ${raw['log-level']?.source}): expected error, warn, info, verbose, debug or silly`);
  }
  const entIssuer = raw['ent-issuer']?.value ?? '';
  if (entIssuer) {
    try {
      const url = new URL(entIssuer);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new Error('not http(s)');
      }
    } catch (error) {
      throw new OptionError(`Invalid ENT issuer ${JSON.stringify(entIssuer)} (from ${raw['ent-issuer']?.source}): ` +
        `expected the ENT's https URL, e.g. https://ent.toutatice.fr (${error.message})`);
    }
    for (const key of [ 'ent-client-id', 'ent-client-secret' ]) {
      if (!raw[key]?.value) {
        throw new OptionError(`An ENT issuer is set (from ${raw['ent-issuer']?.source}) but --${key} is missing`);
      }
    }
  }
  const simPortText = String(raw['ent-sim-port']?.value ?? '3001');
  const simPort = Number(simPortText);
  if (!/^\d+$/u.test(simPortText) || simPort < 1 || simPort > 65535 || simPort === port) {
    throw new OptionError(`Invalid simulated ENT port ${JSON.stringify(simPortText)} (from ${raw['ent-sim-port']?.source}): ` +
      'expected a number from 1 to 65535, other than the server port');
  }
  const entSim = !entIssuer && (raw['ent-sim']?.value ?? config === 'dev');
  const dataText = raw.data?.value ?? './data';
  return {
    command,
    help: Boolean(parsed.values.help),
    port,
    baseUrl,
    config,
    data: isAbsolute(dataText) ? dataText : resolve(cwd, dataText),
    quota,
    demo: raw.demo?.value ?? (config === 'dev' && !entSim && !entIssuer),
    logLevel,
    ent: entIssuer ? {
      issuer: entIssuer,
      clientId: raw['ent-client-id'].value,
      clientSecret: raw['ent-client-secret'].value,
      scope: raw['ent-scope']?.value,
    } : undefined,
    entSim: entSim ? { port: simPort } : undefined,
  };
}
