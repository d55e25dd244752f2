// One plain line per message, and nothing at all below the configured level.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineLogger, LOG_LEVELS } from '../../../components/dist/logging/LineLogger.js';

function logger(level: string): { log: LineLogger; lines: string[] } {
  const lines: string[] = [];
  return { log: new LineLogger('Server', level, (line): void => {
    lines.push(line);
  }), lines };
}

function logEveryLevel(log: LineLogger): void {
  log.error('e');
  log.warn('w');
  log.info('i');
  log.verbose('v');
  log.debug('d');
  log.silly('s');
}

const levelsOf = (lines: string[]): string[] => lines.map((line): string => line.split(' ')[1]);

describe('LineLogger', (): void => {
  it('orders the levels from most to least severe', (): void => {
    assert.deepEqual(LOG_LEVELS, [ 'error', 'warn', 'info', 'verbose', 'debug', 'silly' ]);
  });

  it('writes "time level [label] message" on one line', (): void => {
    const { log, lines } = logger('info');
    const before = Date.now();
    log.info('Listening on port 3000');
    assert.equal(lines.length, 1);
    const match = /^(\S+) info \[Server\] Listening on port 3000\n$/u.exec(lines[0]);
    assert.ok(match, lines[0]);
    const time = Date.parse(match[1]);
    assert.ok(time >= before - 1000 && time <= Date.now() + 1000, `a current ISO time, got ${match[1]}`);
  });

  it('writes messages at or above its level and drops the others', (): void => {
    const info = logger('info');
    logEveryLevel(info.log);
    assert.deepEqual(levelsOf(info.lines), [ 'error', 'warn', 'info' ]);

    const error = logger('error');
    logEveryLevel(error.log);
    assert.deepEqual(levelsOf(error.lines), [ 'error' ]);

    const silly = logger('silly');
    logEveryLevel(silly.log);
    assert.deepEqual(levelsOf(silly.lines), [ 'error', 'warn', 'info', 'verbose', 'debug', 'silly' ]);
  });

  it('tags messages from cluster workers with their process id', (): void => {
    const { log, lines } = logger('info');
    log.log('warn', 'from a worker', { isPrimary: false, pid: 4242 });
    log.log('warn', 'from the primary', { isPrimary: true, pid: 1 });
    assert.match(lines[0], / warn \[Server\] \{W-4242\} from a worker\n$/u);
    assert.match(lines[1], / warn \[Server\] from the primary\n$/u);
  });

  it('returns itself so that calls can be chained', (): void => {
    const { log, lines } = logger('debug');
    assert.equal(log.debug('one'), log);
    assert.equal(log.silly('dropped'), log);
    assert.equal(lines.length, 1);
  });
});
