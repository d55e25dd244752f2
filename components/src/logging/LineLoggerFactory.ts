import type { LogLevel, Logger, LoggerFactory } from '@solid/community-server';
import { LineLogger, LOG_LEVELS } from './LineLogger';

/** Creates {@link LineLogger}s at one level, writing to standard error. */
export class LineLoggerFactory implements LoggerFactory {
  private readonly level: LogLevel;

  /**
   * @param level - The most verbose level that is written (`error` … `silly`).
   */
  public constructor(level: string) {
    if (!LOG_LEVELS.includes(level as LogLevel)) {
      throw new Error(`Unknown log level ${JSON.stringify(level)}; expected one of ${LOG_LEVELS.join(', ')}`);
    }
    this.level = level as LogLevel;
  }

  public createLogger(label: string): Logger {
    return new LineLogger(label, this.level, (line): void => {
      process.stderr.write(line);
    });
  }
}
