// The log level chosen at start decides what reaches standard error; a typo in it is refused at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineLoggerFactory } from '../../../components/dist/logging/LineLoggerFactory.js';

/** Runs `action` and returns what it wrote to standard error. */
function stderrOf(action: () => void): string {
  const written: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    written.push(String(chunk));
    return true;
  });
  try {
    action();
  } finally {
    process.stderr.write = original;
  }
  return written.join('');
}

describe('LineLoggerFactory', (): void => {
  it('creates loggers that write lines at its level to standard error', (): void => {
    const logger = new LineLoggerFactory('warn').createLogger('QuotaAccountingDataAccessor');
    const output = stderrOf((): void => {
      logger.error('disk full');
      logger.warn('quota exceeded');
      logger.info('not shown');
      logger.debug('not shown either');
    });
    const lines = output.split('\n').filter(Boolean);
    assert.equal(lines.length, 2, output);
    assert.match(lines[0], / error \[QuotaAccountingDataAccessor\] disk full$/u);
    assert.match(lines[1], / warn \[QuotaAccountingDataAccessor\] quota exceeded$/u);
  });

  it('accepts every CSS level', (): void => {
    for (const level of [ 'error', 'warn', 'info', 'verbose', 'debug', 'silly' ]) {
      assert.doesNotThrow((): LineLoggerFactory => new LineLoggerFactory(level), level);
    }
  });

  it('refuses an unknown level, naming it and the known ones', (): void => {
    assert.throws((): LineLoggerFactory => new LineLoggerFactory('loud'),
      /Unknown log level "loud"; expected one of error, warn, info, verbose, debug, silly/u);
    assert.throws((): LineLoggerFactory => new LineLoggerFactory('INFO'), /Unknown log level "INFO"/u);
    assert.throws((): LineLoggerFactory => new LineLoggerFactory(''), /Unknown log level ""/u);
  });
});
