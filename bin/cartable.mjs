#!/usr/bin/env node
// The `cartable` command: `cartable [start] [options]`, `cartable build [--force]`,
// `cartable ent sync --user <ENT id> | --school <UAI>`, `cartable pod export --pod URL --out FILE`, `cartable help`.
import { build } from './lib/build.mjs';
import { OptionError, parseOptions, usage } from './lib/options.mjs';
import { startCartable } from './lib/server.mjs';
import { ensureRuntime } from './lib/runtime.mjs';

ensureRuntime();

const log = (message) => process.stderr.write(`${message}\n`);

async function main(argv) {
  if (argv[0] === 'pod') {
    return (await import('./lib/pod-cli.mjs')).runPodCli(argv.slice(1));
  }
  if (argv[0] === 'ent' && argv[1] === 'sync') {
    const { entSync } = await import('./lib/ent-sync.mjs');
    await entSync(argv.slice(1), (message) => process.stdout.write(`${message}\n`));
    return;
  }
  if (argv[0] === 'build') {
    await build({ force: argv.includes('--force'), log });
    return;
  }
  const options = parseOptions(argv);
  if (options.help || options.command === 'help') {
    process.stdout.write(usage());
    return;
  }
  if (options.command !== 'start') {
    throw new OptionError(`Unknown command "${options.command}".\n\n${usage()}`);
  }
  const started = Date.now();
  const server = await startCartable(options, { log });
  if (server.ent) {
    log(`Sign-in with the school ENT: ${server.ent.issuer}${server.ent.simulated ? ' (simulated; demo logins in the README)' : ''}`);
  }
  log(`Cartable is listening at ${server.url} (data in ${options.data}, config ${options.config}, ` +
    `started in ${((Date.now() - started) / 1000).toFixed(1)} s). Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = (signal) => {
    if (stopping) {
      log('Forced exit.');
      process.exit(130);
    }
    stopping = true;
    log(`${signal} received: stopping Cartable…`);
    server.stop().then(() => {
      log('Cartable stopped.');
      process.exit(0);
    }, (error) => {
      log(`Error while stopping: ${error.message}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((error) => {
  log(`cartable: ${error.message}`);
  process.exit(error instanceof OptionError ? 2 : 1);
});
