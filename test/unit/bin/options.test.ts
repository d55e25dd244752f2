// `cartable start` options: flags beat environment variables beat the settings file beat defaults, and a
// bad value is reported with where it came from.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
// @ts-expect-error: plain ESM module without type declarations
import { OptionError, parseOptions, usage } from '../../../bin/lib/options.mjs';

interface StartOptions {
  command: string;
  help: boolean;
  port: number;
  baseUrl: string;
  config: string;
  data: string;
  quota: string;
  demo: boolean;
  logLevel: string;
  ent?: { issuer: string; clientId: string; clientSecret: string; scope?: string };
  entSim?: { port: number };
}

const parse = parseOptions as (argv: string[], env: Record<string, string>, cwd: string) => StartOptions;

describe('parseOptions', (): void => {
  let cwd: string;
  let settingsCount = 0;

  before((): void => {
    cwd = mkdtempSync(join(tmpdir(), 'cartable-options-'));
  });
  after((): void => {
    rmSync(cwd, { recursive: true, force: true });
  });

  /** Writes a settings file in the working folder and returns its name and absolute path. */
  function settings(content: unknown): { name: string; path: string } {
    settingsCount += 1;
    const name = `settings${settingsCount}.json`;
    writeFileSync(join(cwd, name), typeof content === 'string' ? content : JSON.stringify(content));
    return { name, path: join(cwd, name) };
  }

  /** Asserts that parsing fails with an OptionError whose message matches and contains `source`. */
  function fails(argv: string[], env: Record<string, string>, message: RegExp, source: string): void {
    assert.throws((): StartOptions => parse(argv, env, cwd), (error: unknown): boolean => {
      assert.ok(error instanceof OptionError, String(error));
      assert.match((error as Error).message, message);
      assert.ok((error as Error).message.includes(source), `${(error as Error).message} names ${source}`);
      return true;
    });
  }

  it('starts the dev server on port 3000 with the simulated ENT and no password demo by default', (): void => {
    assert.deepEqual(parse([], {}, cwd), {
      command: 'start', help: false, port: 3000, baseUrl: 'http://localhost:3000/', config: 'dev',
      data: join(cwd, 'data'), quota: '5GB', demo: false, logLevel: 'info', ent: undefined, entSim: { port: 3001 },
    });
    assert.equal(parse([ '--no-ent-sim' ], {}, cwd).demo, true, 'without any ENT, dev seeds the password demo');
  });

  it('reads the ENT settings, and needs the client id and secret with an issuer', (): void => {
    const options = parse([ '--ent-issuer', 'https://ent.toutatice.fr', '--ent-client-id', 'cartable', '--ent-client-secret', 's3cret' ],
      {}, cwd);
    assert.deepEqual(options.ent, { issuer: 'https://ent.toutatice.fr', clientId: 'cartable', clientSecret: 's3cret', scope: undefined });
    assert.equal(options.entSim, undefined, 'no simulator when a real ENT is set');
    fails([ '--ent-issuer', 'https://ent.toutatice.fr' ], {}, /--ent-client-id is missing/u, 'option --ent-issuer');
    fails([ '--ent-issuer', 'ent.toutatice.fr', '--ent-client-id', 'a', '--ent-client-secret', 'b' ], {},
      /Invalid ENT issuer/u, 'option --ent-issuer');
    fails([ '--ent-sim-port', '3000' ], {}, /Invalid simulated ENT port/u, 'option --ent-sim-port');
  });

  it('reads every flag, long and short', (): void => {
    assert.deepEqual(parse([ 'start', '-p', '4000', '-b', 'https://cartable.example/', '-f', '/srv/cartable', '-c', 'prod',
      '--quota', '1GB', '--demo', '-l', 'debug' ], {}, cwd), {
      command: 'start', help: false, port: 4000, baseUrl: 'https://cartable.example/', config: 'prod',
      data: '/srv/cartable', quota: '1GB', demo: true, logLevel: 'debug', ent: undefined, entSim: undefined,
    });
    assert.equal(parse([ '-h' ], {}, cwd).help, true);
    assert.equal(parse([ 'build' ], {}, cwd).command, 'build');
  });

  it('derives the default base URL from the port', (): void => {
    assert.equal(parse([ '--port', '8080' ], {}, cwd).baseUrl, 'http://localhost:8080/');
  });

  it('adds the trailing slash a base URL needs', (): void => {
    assert.equal(parse([ '--base-url', 'https://cartable.example' ], {}, cwd).baseUrl, 'https://cartable.example/');
    assert.equal(parse([ '--base-url', 'https://ent.example/cartable' ], {}, cwd).baseUrl, 'https://ent.example/cartable/');
  });

  it('resolves a relative data folder from the working folder', (): void => {
    assert.equal(parse([ '--data', 'school/data' ], {}, cwd).data, join(cwd, 'school', 'data'));
  });

  it('turns the demo off with --no-demo, and off by default outside dev', (): void => {
    assert.equal(parse([ '--no-demo' ], {}, cwd).demo, false);
    assert.equal(parse([ '--config', 'prod' ], {}, cwd).demo, false);
    assert.equal(parse([ '--config', 'test' ], {}, cwd).demo, false);
    assert.equal(parse([ '--config', 'prod', '--demo' ], {}, cwd).demo, true);
  });

  it('reads environment variables', (): void => {
    const options = parse([], {
      CARTABLE_PORT: '5000', CARTABLE_BASE_URL: 'https://env.example/', CARTABLE_DATA: '/var/lib/cartable',
      CARTABLE_CONFIG: 'prod', CARTABLE_QUOTA: '2GB', CARTABLE_DEMO: 'yes', CARTABLE_LOG_LEVEL: 'warn',
    }, cwd);
    assert.deepEqual(options, {
      command: 'start', help: false, port: 5000, baseUrl: 'https://env.example/', config: 'prod',
      data: '/var/lib/cartable', quota: '2GB', demo: true, logLevel: 'warn', ent: undefined, entSim: undefined,
    });
  });

  it('reads CARTABLE_DEMO as off for 0, false, no and off', (): void => {
    for (const value of [ '0', 'false', 'No', 'OFF' ]) {
      assert.equal(parse([], { CARTABLE_DEMO: value }, cwd).demo, false, value);
    }
    assert.equal(parse([], { CARTABLE_DEMO: '1', CARTABLE_CONFIG: 'prod' }, cwd).demo, true);
  });

  it('ignores empty environment variables', (): void => {
    assert.equal(parse([], { CARTABLE_PORT: '' }, cwd).port, 3000);
  });

  it('reads a settings file named by flag or variable, relative to the working folder', (): void => {
    const file = settings({ port: 7000, 'base-url': 'https://file.example', quota: 123456, demo: false, 'log-level': 'error',
      config: 'prod', data: '/data/file' });
    const expected = {
      command: 'start', help: false, port: 7000, baseUrl: 'https://file.example/', config: 'prod', data: '/data/file',
      quota: '123456', demo: false, logLevel: 'error', ent: undefined, entSim: undefined,
    };
    assert.deepEqual(parse([ '--settings', file.name ], {}, cwd), expected);
    assert.deepEqual(parse([], { CARTABLE_SETTINGS: file.name }, cwd), expected);
  });

  it('lets flags beat environment variables, and both beat the settings file', (): void => {
    const file = settings({ port: 7000, 'log-level': 'error', quota: '1GB' });
    const env = { CARTABLE_PORT: '5000', CARTABLE_LOG_LEVEL: 'warn', CARTABLE_SETTINGS: file.name };
    const options = parse([ '--port', '4000' ], env, cwd);
    assert.equal(options.port, 4000);
    assert.equal(options.logLevel, 'warn');
    assert.equal(options.quota, '1GB');
    assert.equal(options.baseUrl, 'http://localhost:4000/');
    assert.equal(parse([ '--no-demo' ], { CARTABLE_DEMO: 'yes' }, cwd).demo, false);
  });

  describe('bad values, named with their source', (): void => {
    it('refuses a port that is not 1 to 65535', (): void => {
      fails([ '--port', 'http' ], {}, /^Invalid port "http" \(from option --port\): expected a number from 1 to 65535$/u,
        'option --port');
      fails([ '-p', '0' ], {}, /Invalid port "0"/u, 'option --port');
      fails([ '-p', '65536' ], {}, /Invalid port "65536"/u, 'option --port');
      fails([ '-p', '80.5' ], {}, /Invalid port "80.5"/u, 'option --port');
      fails([], { CARTABLE_PORT: '-1' }, /Invalid port "-1"/u, 'environment variable CARTABLE_PORT');
      const file = settings({ port: 99999 });
      fails([ '--settings', file.name ], {}, /Invalid port "99999"/u, `key "port" of ${file.path}`);
    });

    it('refuses a base URL that is not http(s), or has a query or fragment', (): void => {
      fails([ '--base-url', 'ftp://cartable.example/' ], {}, /^Invalid base URL "ftp:\/\/cartable.example\/" \(from option --base-url\): expected an http\(s\) URL/u,
        'option --base-url');
      fails([ '-b', 'cartable.example' ], {}, /Invalid base URL "cartable.example"/u, 'option --base-url');
      fails([], { CARTABLE_BASE_URL: 'https://c.example/?x=1' }, /no query or fragment/u, 'environment variable CARTABLE_BASE_URL');
      const file = settings({ 'base-url': 'https://c.example/#top' });
      fails([ '--settings', file.name ], {}, /no query or fragment/u, `key "base-url" of ${file.path}`);
    });

    it('refuses a quota that is not a size', (): void => {
      fails([ '--quota', 'lots' ], {}, /^Invalid quota "lots" \(from option --quota\): expected bytes or a size like 500MB, 5GB$/u,
        'option --quota');
      fails([], { CARTABLE_QUOTA: '5 PB' }, /Invalid quota "5 PB"/u, 'environment variable CARTABLE_QUOTA');
      const file = settings({ quota: '-1GB' });
      fails([ '--settings', file.name ], {}, /Invalid quota "-1GB"/u, `key "quota" of ${file.path}`);
    });

    it('refuses an unknown log level', (): void => {
      fails([ '-l', 'loud' ], {}, /^Invalid log level "loud" \(from option --log-level\): expected error, warn, info, verbose, debug or silly$/u,
        'option --log-level');
      fails([], { CARTABLE_LOG_LEVEL: 'INFO' }, /Invalid log level "INFO"/u, 'environment variable CARTABLE_LOG_LEVEL');
    });

    it('refuses an unknown config', (): void => {
      fails([ '-c', 'staging' ], {}, /^Unknown config "staging" \(from option --config\): expected one of dev, prod, test$/u,
        'option --config');
      fails([], { CARTABLE_CONFIG: '../prod' }, /Unknown config "..\/prod"/u, 'environment variable CARTABLE_CONFIG');
      const file = settings({ config: 'production' });
      fails([ '--settings', file.name ], {}, /Unknown config "production"/u, `key "config" of ${file.path}`);
    });

    it('refuses an unknown key in the settings file, listing the known ones', (): void => {
      const file = settings({ port: 3000, colour: 'blue' });
      fails([ '--settings', file.name ], {},
        /unknown key "colour" \(known: port, base-url, data, config, quota, demo, log-level, ent-issuer, /u, file.path);
      const nested = settings({ settings: 'other.json' });
      fails([ '--settings', nested.name ], {}, /unknown key "settings"/u, nested.path);
    });

    it('refuses a settings value of the wrong type', (): void => {
      const file = settings({ demo: 'yes' });
      fails([ '--settings', file.name ], {}, /key "demo" must be a boolean, got "yes"/u, file.path);
      const other = settings({ 'base-url': 42 });
      fails([ '--settings', other.name ], {}, /key "base-url" must be a string, got 42/u, other.path);
    });

    it('refuses a settings file that is missing, not JSON or not an object', (): void => {
      fails([ '--settings', 'missing.json' ], {}, /unreadable or not JSON/u, join(cwd, 'missing.json'));
      const broken = settings('{ "port": ');
      fails([ '--settings', broken.name ], {}, /unreadable or not JSON/u, broken.path);
      const list = settings([ 'port' ]);
      fails([ '--settings', list.name ], {}, /must contain a JSON object/u, list.path);
    });

    it('refuses an unknown flag, showing the usage', (): void => {
      fails([ '--colour', 'blue' ], {}, /Unknown option '--colour'[\s\S]*Usage: cartable/u, '--colour');
    });
  });
});

describe('usage', (): void => {
  it('lists every option with its environment variable', (): void => {
    const text = (usage as () => string)();
    for (const line of [ '--port <value>', '[CARTABLE_PORT]', '--base-url <value>', '[CARTABLE_BASE_URL]', '--data <value>',
      '--config <value>', '--quota <value>', '--demo', '[CARTABLE_DEMO]', '--log-level <value>', '--settings <value>',
      '--no-demo' ]) {
      assert.ok(text.includes(line), line);
    }
  });
});
