// `cartable pod export --pod <URL> --out <file.tar> [--client-id ID --client-secret SECRET] …`: exports a
// pod, on Cartable or on any other Solid server, through the Solid protocol alone (docs/move.md).
// Also runnable as `node bin/lib/pod-cli.mjs export …`.
// Exit codes: 0 everything exported, 3 some resources skipped, 2 bad options, 1 fatal error.
// `cartable pod import --archive <file.tar> --pod <URL> …` writes such an archive into another pod (exit codes:
// 0 all moved, 3 some failed or skipped, 2 bad options or the same pod, 1 fatal error).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AuthError, clientCredentials } from './pod/auth.mjs';
import { ExportError, exportPod } from './pod/export.mjs';
import { ImportError, importPod, validateArchive } from './pod/import.mjs';
import { SourceError } from './pod/live.mjs';
import { normalisePodUrl } from './pod/manifest.mjs';
import { MoveError, MoveRefused, movePod } from './pod/move.mjs';
import { createInterface } from 'node:readline/promises';

/** A bad option; exit code 2. */
export class PodOptionError extends Error {}

const EXPORT_SPEC = {
  pod: { type: 'string', help: 'URL of the pod root (required)' },
  out: { type: 'string', short: 'o', help: 'archive file to write (required; "-" for standard output)' },
  'client-id': { type: 'string', env: 'CARTABLE_CLIENT_ID', help: 'client credentials id (omit for a public pod)' },
  'client-secret': { type: 'string', env: 'CARTABLE_CLIENT_SECRET', help: 'client credentials secret' },
  issuer: { type: 'string', help: 'OpenID issuer (default: the pod\'s server origin + "/")' },
  webid: { type: 'string', help: 'WebID recorded in the manifest (default: from the access token)' },
  concurrency: { type: 'string', help: 'requests at a time, 1–16 (default 4)' },
  timeout: { type: 'string', help: 'seconds to wait for an answer or for the next bytes (default 30)' },
  force: { type: 'boolean', help: 'overwrite the archive file if it exists' },
  json: { type: 'boolean', help: 'print the report as JSON' },
  progress: { type: 'boolean', help: 'progress on standard error every second (default: when it is a terminal)' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** The CPU time this process used so far (user + system), in milliseconds: in the JSON reports. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

/**
 * The values of `argv` parsed against a spec (strict, no positionals); a bad option is a PodOptionError.
 * @param {Record<string, { type: 'string' | 'boolean', short?: string }>} spec
 * @param {string[]} argv
 * @returns {Record<string, any>}
 */
function parseSpec(spec, argv) {
  try {
    return parseArgs({ args: argv, allowPositionals: false, strict: true,
      options: Object.fromEntries(Object.entries(spec).map(([ name, { type, short } ]) =>
        [ name, short ? { type, short } : { type } ])) }).values;
  } catch (error) {
    throw new PodOptionError(error.message);
  }
}

/**
 * Writes `line()` on standard error every second (in place on a terminal) until the returned stop() is called.
 * @param {any} stderr
 * @param {() => string} line
 * @returns {() => void} stop
 */
function progressTicker(stderr, line) {
  const timer = setInterval(() => {
    stderr.write(stderr.isTTY ? `\r${line()}\u001b[K` : `${line()}\n`);
  }, 1000);
  return () => {
    clearInterval(timer);
    if (stderr.isTTY) {
      stderr.write('\r\u001b[K');
    }
  };
}

/**
 * Report lines for a list of skipped or failed items, under a title (nothing when the list is empty).
 * @param {string} title
 * @param {{ path?: string, url?: string, reason: string }[]} items
 * @returns {string[]}
 */
function itemLines(title, items) {
  return items.length === 0 ? [] : [ `  ${title}`, ...items.map((item) => `    ${item.path || item.url}: ${item.reason}`) ];
}

/** One help line per option of a spec: flag, value placeholder, help and environment variable. */
function optionLines(spec) {
  return Object.entries(spec).map(([ name, option ]) =>
    `  ${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ' <value>' : ''}`.padEnd(32) +
    `${option.help}${option.env ? ` [${option.env}]` : ''}`);
}

/** @returns {string} */
export function podUsage() {
  const lines = optionLines(EXPORT_SPEC);
  return 'Usage: cartable pod export --pod <URL> --out <file.tar> [options]\n\n' +
    'Exports a whole pod (Cartable or any Solid server) into one tar archive; see docs/move.md.\n\n' +
    `Options:\n${lines.join('\n')}\n\nExit codes: 0 all exported, 3 some resources skipped, 2 bad options, 1 failure.\n`;
}

/**
 * Parses and checks `pod export` options.
 * @param {string[]} argv the arguments after "export"
 * @param {Record<string, string | undefined>} [env]
 * @returns {{ help: boolean, pod: string, out: string, clientId?: string, clientSecret?: string, issuer: string,
 *   webId?: string, concurrency: number, timeoutMs: number, force: boolean, json: boolean, progress?: boolean }}
 */
/** The options export and import share (issuer, concurrency, timeout, WebID), checked. */
function connectionOptions(values, pod) {
  let issuer = values.issuer ?? `${pod.origin}/`;
  try {
    issuer = new URL(issuer).href;
  } catch {
    throw new PodOptionError(`Invalid --issuer ${JSON.stringify(values.issuer)}: expected a URL`);
  }
  const concurrency = Number(values.concurrency ?? '4');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new PodOptionError(`Invalid --concurrency ${JSON.stringify(values.concurrency)}: expected a whole number from 1 to 16`);
  }
  const timeout = Number(values.timeout ?? '30');
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new PodOptionError(`Invalid --timeout ${JSON.stringify(values.timeout)}: expected a number of seconds`);
  }
  if (values.webid !== undefined) {
    try {
      new URL(values.webid);
    } catch {
      throw new PodOptionError(`Invalid --webid ${JSON.stringify(values.webid)}: expected a URL`);
    }
  }
  return { issuer, concurrency, timeout };
}

export function parseExportOptions(argv, env = process.env) {
  const values = parseSpec(EXPORT_SPEC, argv);
  if (values.help) {
    return { help: true, pod: '', out: '', issuer: '', concurrency: 4, timeoutMs: 30_000, force: false, json: false };
  }
  if (!values.pod) {
    throw new PodOptionError('--pod <URL> is required: the URL of the pod root, e.g. https://cartable.example/p3f9a1c27e0/');
  }
  let pod;
  try {
    pod = normalisePodUrl(values.pod);
  } catch (error) {
    throw new PodOptionError(`Invalid --pod ${JSON.stringify(values.pod)}: ${error.message}`);
  }
  if (!values.out) {
    throw new PodOptionError('--out <file.tar> is required ("-" writes the archive to standard output)');
  }
  const clientId = values['client-id'] ?? (env.CARTABLE_CLIENT_ID || undefined);
  const clientSecret = values['client-secret'] ?? (env.CARTABLE_CLIENT_SECRET || undefined);
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    throw new PodOptionError('--client-id and --client-secret go together (neither for a public pod)');
  }
  const { issuer, concurrency, timeout } = connectionOptions(values, pod);
  return {
    help: false, pod: pod.href, out: values.out, clientId, clientSecret, issuer, webId: values.webid, concurrency,
    timeoutMs: timeout * 1000, force: values.force ?? false, json: values.json ?? false, progress: values.progress,
  };
}

/**
 * @param {number} value
 * @returns {string}
 */
function formatBytes(value) {
  const units = [ 'B', 'kB', 'MB', 'GB', 'TB' ];
  let unit = 0;
  let amount = value;
  while (amount >= 1000 && unit < units.length - 1) {
    amount /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? amount : amount.toFixed(1)} ${units[unit]}`;
}

/**
 * A readable summary of an export report.
 * @param {import('./pod/export.mjs').ExportReport & { archive: string }} report
 * @returns {string}
 */
export function formatReport(report) {
  const seconds = report.durationMs / 1000;
  const { containers, rdf, binary, acl, meta = 0 } = report.counts;
  const lines = [
    `Exported ${report.pod}${report.webId ? ` (WebID ${report.webId})` : ''} to ${report.archive}`,
    `  ${containers} containers, ${rdf} RDF documents, ${binary} other files, ${acl} ACLs, ${meta} folder descriptions: ` +
    `${formatBytes(report.bytes)} in ${seconds.toFixed(1)} s (${formatBytes(report.bytes / Math.max(seconds, 0.001))}/s); ` +
    `archive ${formatBytes(report.archiveBytes)}`,
  ];
  if (report.skipped.length > 0) {
    lines.push(`  ${report.skipped.length} skipped (not in the archive):`,
      ...report.skipped.map((item) => `    ${item.path ?? item.url}: ${item.reason}`));
  } else {
    lines.push('  Nothing skipped.');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `pod export`: returns the exit code.
 * @param {string[]} argv arguments after "export"
 * @param {{ stdout?: NodeJS.WritableStream, stderr?: NodeJS.WriteStream | NodeJS.WritableStream,
 *   env?: Record<string, string | undefined> }} [io]
 * @returns {Promise<number>}
 */
export async function podExport(argv, io = {}) {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const options = parseExportOptions(argv, io.env ?? process.env);
  if (options.help) {
    stdout.write(podUsage());
    return 0;
  }
  const toStdout = options.out === '-';
  const target = toStdout ? '-' : resolve(options.out);
  if (!toStdout && existsSync(target) && !options.force) {
    throw new PodOptionError(`${target} already exists: choose another --out or add --force`);
  }

  let auth = null;
  if (options.clientId) {
    auth = await clientCredentials({ issuer: options.issuer, clientId: options.clientId, clientSecret: options.clientSecret });
  }
  const webId = options.webId ?? auth?.webId ?? null;

  const part = `${target}.part`;
  const output = toStdout ? process.stdout : createWriteStream(part, { flags: 'w' });
  const outputFailed = new Promise((_, reject) => {
    output.once('error', (error) => reject(new ExportError(`Cannot write the archive ${toStdout ? 'to standard output' : part}: ${error.message}`)));
  });
  outputFailed.catch(() => undefined);

  const showProgress = options.progress ?? Boolean(stderr.isTTY);
  const stats = { resources: 0, bytes: 0, queued: 0 };
  const stopProgress = showProgress ?
    progressTicker(stderr, () => `${stats.resources} resources, ${formatBytes(stats.bytes)}, ${stats.queued} queued`) : null;

  let report;
  try {
    report = await Promise.race([ outputFailed, exportPod({
      pod: options.pod,
      output,
      authorization: auth ? auth.header : null,
      renewAuthorization: auth ? auth.renew : null,
      webId,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      progress: stats,
    }) ]);
    if (!toStdout) {
      await rename(part, target);
    }
  } catch (error) {
    if (!toStdout) {
      output.destroy();
      await rm(part, { force: true });
    }
    throw error;
  } finally {
    stopProgress?.();
  }
  const full = { ...report, archive: target, cpuMs: cpuMs() };
  const text = options.json ? `${JSON.stringify(full, null, 2)}\n` : formatReport(full);
  // With the archive on standard output, the report goes to standard error.
  (toStdout ? stderr : stdout).write(text);
  return report.complete ? 0 : 3;
}

const IMPORT_SPEC = {
  archive: { type: 'string', short: 'a', help: 'the export archive to import (required)' },
  pod: { type: 'string', help: 'URL of the target pod root (required)' },
  'client-id': { type: 'string', env: 'CARTABLE_CLIENT_ID', help: 'client credentials id of the target pod\'s owner (required)' },
  'client-secret': { type: 'string', env: 'CARTABLE_CLIENT_SECRET', help: 'client credentials secret' },
  issuer: { type: 'string', help: 'OpenID issuer (default: the target server origin + "/")' },
  webid: { type: 'string', help: 'the new WebID that replaces the old one (default: from the access token)' },
  concurrency: { type: 'string', help: 'documents written at a time, 1–16 (default 4)' },
  timeout: { type: 'string', help: 'seconds to wait for an answer, plus one per MB of body (default 30)' },
  json: { type: 'boolean', help: 'print the report as JSON' },
  progress: { type: 'boolean', help: 'progress on standard error every second (default: when it is a terminal)' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** @returns {string} */
export function podImportUsage() {
  const lines = optionLines(IMPORT_SPEC);
  return 'Usage: cartable pod import --archive <file.tar> --pod <URL> --client-id <id> --client-secret <secret> [options]\n\n' +
    'Writes a pod export archive into another pod (Cartable or any Solid server), IRIs rewritten to the new pod and\n' +
    'WebID, ACLs last, every write verified by reading it back; see docs/move.md.\n\n' +
    `Options:\n${lines.join('\n')}\n\nExit codes: 0 all moved, 3 some resources failed or skipped, 2 bad options, 1 failure.\n`;
}

/**
 * Parses and checks `pod import` options.
 * @param {string[]} argv the arguments after "import"
 * @param {Record<string, string | undefined>} [env]
 * @returns {{ help: boolean, archive: string, pod: string, clientId?: string, clientSecret?: string, issuer: string,
 *   webId?: string, concurrency: number, timeoutMs: number, json: boolean, progress?: boolean }}
 */
export function parseImportOptions(argv, env = process.env) {
  const values = parseSpec(IMPORT_SPEC, argv);
  if (values.help) {
    return { help: true, archive: '', pod: '', issuer: '', concurrency: 4, timeoutMs: 30_000, json: false };
  }
  if (!values.archive) {
    throw new PodOptionError('--archive <file.tar> is required: an archive made by "cartable pod export"');
  }
  if (!values.pod) {
    throw new PodOptionError('--pod <URL> is required: the URL of the target pod root');
  }
  let pod;
  try {
    pod = normalisePodUrl(values.pod);
  } catch (error) {
    throw new PodOptionError(`Invalid --pod ${JSON.stringify(values.pod)}: ${error.message}`);
  }
  const clientId = values['client-id'] ?? (env.CARTABLE_CLIENT_ID || undefined);
  const clientSecret = values['client-secret'] ?? (env.CARTABLE_CLIENT_SECRET || undefined);
  if (!clientId || !clientSecret) {
    throw new PodOptionError('--client-id and --client-secret are required: the client credentials of the target pod\'s owner');
  }
  const { issuer, concurrency, timeout } = connectionOptions(values, pod);
  return {
    help: false, archive: values.archive, pod: pod.href, clientId, clientSecret, issuer, webId: values.webid, concurrency,
    timeoutMs: timeout * 1000, json: values.json ?? false, progress: values.progress,
  };
}

/**
 * A readable summary of an import report.
 * @param {import('./pod/import.mjs').ImportReport} report
 * @returns {string}
 */
export function formatImportReport(report) {
  const seconds = report.durationMs / 1000;
  const lines = [
    `Imported ${report.archive} (from ${report.source}) into ${report.target} as ${report.webId}`,
    `  ${report.moved} moved, ${report.alreadyThere} already there, ${report.skipped.length} skipped, ` +
    `${report.failed.length} failed: ${formatBytes(report.bytes)} written in ${seconds.toFixed(1)} s`,
  ];
  lines.push(...itemLines('Skipped:', report.skipped), ...itemLines('Failed:', report.failed));
  if (report.notices.length > 0) {
    lines.push('  Notes:', ...report.notices.map((notice) => `    ${notice}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `pod import`: returns the exit code.
 * @param {string[]} argv arguments after "import"
 * @param {{ stdout?: NodeJS.WritableStream, stderr?: NodeJS.WriteStream | NodeJS.WritableStream,
 *   env?: Record<string, string | undefined> }} [io]
 * @returns {Promise<number>}
 */
export async function podImport(argv, io = {}) {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const options = parseImportOptions(argv, io.env ?? process.env);
  if (options.help) {
    stdout.write(podImportUsage());
    return 0;
  }
  // The whole archive is checked before anything else, and nothing is written when it is not valid.
  const archive = await validateArchive(resolve(options.archive));
  if (archive.manifest.source === options.pod) {
    throw new PodOptionError(`refusing to import a pod into itself: the archive was exported from ${options.pod}`);
  }
  const auth = await clientCredentials({ issuer: options.issuer, clientId: /** @type {string} */ (options.clientId),
    clientSecret: /** @type {string} */ (options.clientSecret) });
  const webId = options.webId ?? auth.webId;
  if (!webId) {
    throw new ImportError('The access token names no WebID: give the new owner\'s WebID with --webid');
  }

  const showProgress = options.progress ?? Boolean(stderr.isTTY);
  const stats = { resources: 0, bytes: 0, queued: 0 };
  const stopProgress = showProgress ?
    progressTicker(stderr, () => `${stats.resources} resources, ${formatBytes(stats.bytes)} written, ${stats.queued} to go`) : null;
  let report;
  try {
    report = await importPod({ archive, pod: options.pod, webId, authorization: auth.header, renewAuthorization: auth.renew,
      concurrency: options.concurrency, timeoutMs: options.timeoutMs, progress: stats });
  } finally {
    stopProgress?.();
  }
  report.cpuMs = cpuMs();
  stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatImportReport(report));
  return report.complete ? 0 : 3;
}

const MOVE_SPEC = {
  from: { type: 'string', help: 'URL of the pod to move (required)' },
  to: { type: 'string', help: 'URL of the pod it moves into (required; created beforehand on the new provider)' },
  'from-client-id': { type: 'string', env: 'CARTABLE_FROM_CLIENT_ID', help: 'client credentials id of the source pod\'s owner (required)' },
  'from-client-secret': { type: 'string', env: 'CARTABLE_FROM_CLIENT_SECRET', help: 'client credentials secret for the source' },
  'from-issuer': { type: 'string', help: 'OpenID issuer of the source (default: its server origin + "/")' },
  'to-client-id': { type: 'string', env: 'CARTABLE_TO_CLIENT_ID', help: 'client credentials id of the target pod\'s owner (required)' },
  'to-client-secret': { type: 'string', env: 'CARTABLE_TO_CLIENT_SECRET', help: 'client credentials secret for the target' },
  'to-issuer': { type: 'string', help: 'OpenID issuer of the target (default: its server origin + "/")' },
  'to-webid': { type: 'string', help: 'the new WebID that replaces the old one (default: from the target token)' },
  yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation (required when standard input is not a terminal)' },
  'dry-run': { type: 'boolean', help: 'list the source and run the checks; write nothing' },
  'keep-source': { type: 'boolean', help: 'neither lock the source during the move nor mark it moved' },
  'grace-days': { type: 'string', help: 'days the old URLs redirect before answering 410 (default 30)' },
  'no-notify': { type: 'boolean', help: 'do not send "moved" notices to the peers' },
  'expand-groups': { type: 'boolean', help: 'rules naming the source server\'s groups get their current members' },
  concurrency: { type: 'string', help: 'resources at a time, 1–16 (default 4)' },
  timeout: { type: 'string', help: 'seconds to wait for an answer, plus one per MB of body (default 30)' },
  json: { type: 'boolean', help: 'print the report as JSON' },
  progress: { type: 'boolean', help: 'progress bar on standard error (default: when it is a terminal)' },
  'progress-json': { type: 'boolean', help: 'progress as one JSON object per line on standard error' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** @returns {string} */
export function podMoveUsage() {
  return 'Usage: cartable pod move --from <URL> --to <URL> --from-client-id <id> --from-client-secret <secret> \\\n' +
    '         --to-client-id <id> --to-client-secret <secret> [options]\n\n' +
    'Moves a whole pod between two running Solid servers without an intermediate file: IRIs rewritten, every write\n' +
    'read back, ACLs last; a Cartable source is read-only during the move and redirects afterwards; see docs/move.md.\n\n' +
    `Options:\n${optionLines(MOVE_SPEC).join('\n')}\n\n` +
    'Exit codes: 0 all moved, 3 some resources failed or were skipped (the source is not marked moved), 2 bad options\n' +
    'or refused before writing (same pod, target quota, not confirmed), 1 failure.\n';
}

/**
 * Parses and checks `pod move` options.
 * @param {string[]} argv the arguments after "move"
 * @param {Record<string, string | undefined>} [env]
 * @returns {any}
 */
export function parseMoveOptions(argv, env = process.env) {
  const values = parseSpec(MOVE_SPEC, argv);
  if (values.help) {
    return { help: true };
  }
  const sides = {};
  for (const side of [ 'from', 'to' ]) {
    if (!values[side]) {
      throw new PodOptionError(`--${side} <URL> is required: the URL of the ${side === 'from' ? 'pod to move' : 'pod it moves into'}`);
    }
    let pod;
    try {
      pod = normalisePodUrl(values[side]);
    } catch (error) {
      throw new PodOptionError(`Invalid --${side} ${JSON.stringify(values[side])}: ${error.message}`);
    }
    const upper = side.toUpperCase();
    const clientId = values[`${side}-client-id`] ?? (env[`CARTABLE_${upper}_CLIENT_ID`] || undefined);
    const clientSecret = values[`${side}-client-secret`] ?? (env[`CARTABLE_${upper}_CLIENT_SECRET`] || undefined);
    if (!clientId || !clientSecret) {
      throw new PodOptionError(`--${side}-client-id and --${side}-client-secret are required: the client credentials of ` +
        `the ${side === 'from' ? 'source' : 'target'} pod's owner (on Cartable and CSS: the account page, "client credentials")`);
    }
    const { issuer, concurrency, timeout } = connectionOptions({ issuer: values[`${side}-issuer`],
      concurrency: values.concurrency, timeout: values.timeout }, pod);
    sides[side] = { pod: pod.href, clientId, clientSecret, issuer, concurrency, timeout };
  }
  if (values['to-webid'] !== undefined) {
    try {
      new URL(values['to-webid']);
    } catch {
      throw new PodOptionError(`Invalid --to-webid ${JSON.stringify(values['to-webid'])}: expected a URL`);
    }
  }
  let graceDays;
  if (values['grace-days'] !== undefined) {
    graceDays = Number(values['grace-days']);
    if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > 366) {
      throw new PodOptionError(`Invalid --grace-days ${JSON.stringify(values['grace-days'])}: expected a whole number from 0 to 366`);
    }
  }
  return {
    help: false, from: sides.from, to: sides.to, toWebId: values['to-webid'], yes: values.yes ?? false,
    dryRun: values['dry-run'] ?? false, keepSource: values['keep-source'] ?? false, graceDays,
    notify: !values['no-notify'], expandGroups: values['expand-groups'] ?? false, concurrency: sides.from.concurrency,
    timeoutMs: sides.from.timeout * 1000, json: values.json ?? false, progress: values.progress,
    progressJson: values['progress-json'] ?? false,
  };
}

/**
 * @param {number} seconds
 * @returns {string}
 */
function formatDuration(seconds) {
  if (seconds < 60) {
    return `${Math.ceil(seconds)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Estimated seconds left: by bytes when the sizes are known, else by resources; null before anything moved.
 * @param {import('./pod/move.mjs').MoveProgress} progress
 * @param {number} elapsedSeconds since the copy started
 * @returns {number | null}
 */
export function estimateSeconds(progress, elapsedSeconds) {
  if (elapsedSeconds < 1) {
    return null;
  }
  const byBytes = progress.totalBytes > 0 && progress.bytes > 0 ?
    (progress.totalBytes - progress.bytes) / (progress.bytes / elapsedSeconds) : null;
  const byResources = progress.totalResources > 0 && progress.resources > 0 ?
    (progress.totalResources - progress.resources) / (progress.resources / elapsedSeconds) : null;
  const estimate = byBytes ?? byResources;
  return estimate === null ? null : Math.max(0, Math.round(estimate));
}

/**
 * One progress line: a bar, resources, bytes and ETA.
 * @param {import('./pod/move.mjs').MoveProgress} progress
 * @param {number | null} eta
 * @returns {string}
 */
export function progressLine(progress, eta) {
  if (progress.phase === 'list') {
    return `Listing the source: ${progress.totalResources} resources`;
  }
  const fraction = progress.totalBytes > 0 ? Math.min(1, progress.bytes / progress.totalBytes) :
    progress.totalResources > 0 ? Math.min(1, progress.resources / progress.totalResources) : 0;
  const width = 24;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ` +
    `${progress.resources}/${progress.totalResources} resources, ${formatBytes(progress.bytes)}/${formatBytes(progress.totalBytes)}` +
    `${progress.phase === 'acl' ? ', access rules' : ''}${eta === null ? '' : `, ${formatDuration(eta)} left`}`;
}

/**
 * A readable summary of a move report.
 * @param {any} report
 * @returns {string}
 */
export function formatMoveReport(report) {
  if (report.dryRun) {
    return [
      `Dry run: ${report.from} → ${report.to} (nothing written)`,
      `  ${report.documents} documents, ${report.resources} resources listed, ${formatBytes(report.bytes)}`,
      `  source: ${report.source.cartable ? 'a Cartable server (made read-only during the move, then redirects)' : 'not a Cartable server'}`,
      `  target: ${report.target.cartable ? `a Cartable server${report.target.quota ? `, ${formatBytes(report.target.quota.available)} free` : ''}` :
        'not a Cartable server'}`,
      ...report.skipped.map((item) => `  would skip ${item.path || item.url}: ${item.reason}`),
      ...report.notices.map((notice) => `  Note: ${notice}`),
    ].join('\n') + '\n';
  }
  const lines = [
    `Moved ${report.from} → ${report.to} (WebID ${report.oldWebId ?? '?'} → ${report.webId})`,
    `  ${report.moved} moved, ${report.alreadyThere} already there, ${report.skipped.length} skipped, ` +
    `${report.failed.length} failed: ${formatBytes(report.bytes)} in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  source: ${report.source.markedMoved ? 'marked moved: its old URLs redirect to the new pod' :
      !report.source.cartable ? 'not a Cartable server: nothing changed there' : report.source.locked ?
        'NOT marked moved, and still read-only until its lock expires (see the notes)' :
        'NOT marked moved (it stays where it is, writable)'}`,
  ];
  lines.push(...itemLines('Skipped:', report.skipped),
    ...itemLines('Failed (run the same command again to retry them):', report.failed));
  if (report.notices.length > 0) {
    lines.push('  Notes:', ...report.notices.map((notice) => `    ${notice}`));
  }
  if (report.notified.length > 0) {
    lines.push(`  Peers told: ${report.notified.filter((item) => item.status === 'sent').length} of ${report.notified.length}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `pod move`: returns the exit code.
 * @param {string[]} argv arguments after "move"
 * @param {{ stdout?: NodeJS.WritableStream, stderr?: any, stdin?: any, env?: Record<string, string | undefined> }} [io]
 * @returns {Promise<number>}
 */
export async function podMove(argv, io = {}) {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const stdin = io.stdin ?? process.stdin;
  const options = parseMoveOptions(argv, io.env ?? process.env);
  if (options.help) {
    stdout.write(podMoveUsage());
    return 0;
  }
  if (!options.yes && !options.dryRun && !stdin.isTTY) {
    throw new PodOptionError('add --yes to move without being asked (standard input is not a terminal)');
  }
  if (options.from.pod === options.to.pod) {
    throw new PodOptionError(`refusing to move a pod into itself (${options.from.pod})`);
  }
  const login = async(side, name) => {
    try {
      return await clientCredentials({ issuer: side.issuer, clientId: side.clientId, clientSecret: side.clientSecret });
    } catch (error) {
      throw new AuthError(`${name}: ${error.message.replaceAll('--client-id', `--${name === 'source' ? 'from' : 'to'}-client-id`)
        .replaceAll('--client-secret', `--${name === 'source' ? 'from' : 'to'}-client-secret`)
        .replaceAll('--issuer', `--${name === 'source' ? 'from' : 'to'}-issuer`)}`);
    }
  };
  const [ fromAuth, toAuth ] = [ await login(options.from, 'source'), await login(options.to, 'target') ];

  const progress = { phase: 'list', resources: 0, totalResources: 0, bytes: 0, totalBytes: 0 };
  const bar = !options.progressJson && (options.progress ?? Boolean(stderr.isTTY));
  let copyStarted = 0;
  let lastPhase = '';
  const tick = () => {
    if (progress.phase === 'copy' && copyStarted === 0) {
      copyStarted = Date.now();
    }
    const eta = copyStarted ? estimateSeconds(progress, (Date.now() - copyStarted) / 1000) : null;
    if (options.progressJson) {
      stderr.write(`${JSON.stringify({ ...progress, etaSeconds: eta })}\n`);
    } else if (bar) {
      const line = progressLine(progress, eta);
      stderr.write(stderr.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
    }
  };
  const timer = options.progressJson || bar ? setInterval(() => {
    tick();
  }, 1000) : null;
  const phaseWatch = options.progressJson ? setInterval(() => {
    if (progress.phase !== lastPhase) {
      lastPhase = progress.phase;
      tick();
    }
  }, 100) : null;

  const confirm = async(plan) => {
    if (options.yes) {
      return true;
    }
    if (timer && stderr.isTTY) {
      stderr.write('\r\u001b[K');
    }
    stderr.write(`${formatMoveReport({ ...plan, dryRun: true, skipped: [] }).replace('Dry run: ', 'About to move ')
      .replace(' (nothing written)', '')}`);
    const rl = createInterface({ input: stdin, output: stderr });
    try {
      const answer = await rl.question('Move it now? The source is read-only until the move ends. [y/N] ');
      return /^(y|yes|o|oui)$/iu.test(answer.trim());
    } finally {
      rl.close();
    }
  };

  let report;
  try {
    report = await movePod({ from: options.from.pod, to: options.to.pod, fromAuth, toAuth, toWebId: options.toWebId,
      confirm, preconfirmed: options.yes, dryRun: options.dryRun, keepSource: options.keepSource, graceDays: options.graceDays, notify: options.notify,
      expandGroups: options.expandGroups, concurrency: options.concurrency, timeoutMs: options.timeoutMs, progress });
  } finally {
    clearInterval(timer ?? undefined);
    clearInterval(phaseWatch ?? undefined);
    if (options.progressJson) {
      progress.phase = 'finish';
      tick();
    } else if (bar && stderr.isTTY) {
      stderr.write('\r\u001b[K');
    }
  }
  report.cpuMs = cpuMs();
  stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatMoveReport(report));
  return report.dryRun || report.complete ? 0 : 3;
}

/**
 * Runs the tool again in a child Node with a small young generation: a move streams gigabytes and makes a
 * request per resource, and with V8's default (16 MB semi-spaces, grown lazily) the garbage of that traffic
 * alone made the process grow by 150 MB and more; with 1 MB it stays within a few tens. Signals are passed on
 * (Ctrl-C during a move unlocks the source before the tool exits).
 * @param {string[]} argv
 * @returns {Promise<number>} the child's exit code
 */
function runTuned(argv) {
  const child = spawn(process.execPath, [ '--max-semi-space-size=1', fileURLToPath(import.meta.url), ...argv ],
    { stdio: 'inherit' });
  const forward = (signal) => {
    child.kill(signal);
  };
  const signals = [ 'SIGINT', 'SIGTERM', 'SIGHUP' ];
  for (const signal of signals) {
    process.on(signal, forward);
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      for (const name of signals) {
        process.off(name, forward);
      }
      resolve(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1));
    });
    child.on('error', (error) => {
      process.stderr.write(`cartable pod: cannot start ${process.execPath}: ${error.message}\n`);
      resolve(1);
    });
  });
}

/**
 * `cartable pod <subcommand> …`: runs it and sets process.exitCode; never throws.
 * @param {string[]} argv arguments after "pod"
 * @returns {Promise<void>}
 */
export async function runPodCli(argv) {
  const [ subcommand, ...rest ] = argv;
  if ([ 'export', 'import', 'move' ].includes(subcommand) && !rest.includes('--help') && !rest.includes('-h') &&
    !process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size'))) {
    process.exitCode = await runTuned(argv);
    return;
  }
  try {
    if (subcommand === 'export') {
      process.exitCode = await podExport(rest);
    } else if (subcommand === 'import') {
      process.exitCode = await podImport(rest);
    } else if (subcommand === 'move') {
      process.exitCode = await podMove(rest);
    } else if (subcommand === undefined || subcommand === 'help' || subcommand === '--help' || subcommand === '-h') {
      process.stdout.write(`${podUsage()}\n${podImportUsage()}\n${podMoveUsage()}`);
      process.exitCode = subcommand === undefined ? 2 : 0;
    } else {
      throw new PodOptionError(`Unknown pod command "${subcommand}" (known: export, import, move)`);
    }
  } catch (error) {
    const known = error instanceof PodOptionError || error instanceof AuthError || error instanceof ExportError ||
      error instanceof ImportError || error instanceof MoveError || error instanceof MoveRefused || error instanceof SourceError;
    process.stderr.write(`cartable pod ${subcommand ?? ''}: ${known ? error.message : error.stack ?? error}\n`);
    if (error instanceof PodOptionError) {
      process.stderr.write(`Run "cartable pod ${[ 'import', 'move' ].includes(subcommand) ? subcommand : 'export'} --help" for the options.\n`);
    }
    process.exitCode = error instanceof PodOptionError || error instanceof MoveRefused ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runPodCli(process.argv.slice(2));
}
