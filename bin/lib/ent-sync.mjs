// `cartable ent sync --user <ENT id> | --school <UAI>`: asks the running Cartable (same machine, same data
// folder) to sync a person with their stored ENT tokens, or a school from the institutional export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OptionError, parseOptions } from './options.mjs';

export async function entSync(argv, log) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { user: { type: 'string' }, school: { type: 'string' }}, strict: false, allowPositionals: true });
  } catch (error) {
    throw new OptionError(error.message);
  }
  const { user, school } = parsed.values;
  if (!user === !school) {
    throw new OptionError('Usage: cartable ent sync --user <ENT identifier> | --school <UAI> [--port P] [--base-url URL] [--data DIR]');
  }
  const rest = argv.filter((arg, index) => ![ '--user', '--school' ].includes(arg) && ![ '--user', '--school' ].includes(argv[index - 1]) &&
    !arg.startsWith('--user=') && !arg.startsWith('--school=') && arg !== 'sync');
  const options = parseOptions(rest.length > 0 ? rest : []);
  let token;
  try {
    token = readFileSync(join(options.data, '.internal', 'cartable', 'admin-token'), 'utf8').trim();
  } catch (error) {
    throw new OptionError(`Cannot read the admin token in ${options.data} (${error.code ?? error.message}): ` +
      'run this on the server, with the same --data as the running Cartable.');
  }
  let response;
  try {
    response = await fetch(`${options.baseUrl}.cartable/admin/ent/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(user ? { user } : { school }),
    });
  } catch (error) {
    throw new Error(`Cartable does not answer at ${options.baseUrl} (${error.cause?.code ?? error.message}): is it running?`);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`Sync refused (${response.status}): ${body.error ?? 'no details'}`);
  }
  log(JSON.stringify(body.report, null, 2));
}
