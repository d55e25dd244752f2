import type { LogLevel, LogMetadata, Logger } from '@solid/community-server';
import { BaseLogger } from '@solid/community-server';

/** Severity order of CSS's log levels, most severe first. */
export const LOG_LEVELS: readonly LogLevel[] = [ 'error', 'warn', 'info', 'verbose', 'debug', 'silly' ];

/**
 * A logger that drops messages below its level before doing any work, then writes one plain line
 * (`time level [label] message`) to standard error. CSS's winston logger runs its whole format chain for
 * every debug message even when they are filtered out, about a fifth of the CPU of a simple GET.
 */
export class LineLogger extends BaseLogger {
  private readonly label: string;
  private readonly threshold: number;
  private readonly write: (line: string) => void;

  public constructor(label: string, level: string, write: (line: string) => void) {
    super();
    this.label = label;
    this.threshold = LOG_LEVELS.indexOf(level as LogLevel);
    this.write = write;
  }

  public log(level: LogLevel, message: string, meta?: LogMetadata): Logger {
    if (LOG_LEVELS.indexOf(level) <= this.threshold) {
      const worker = meta && !meta.isPrimary ? ` {W-${meta.pid}}` : '';
      this.write(`${new Date().toISOString()} ${level} [${this.label}]${worker} ${message}\n`);
    }
    return this;
  }
}
