import type { Redactor } from './redact';

/** Minimal logger interface; `console` satisfies it. */
export interface Logger {
  /** Per-attempt details (request sent, response status). */
  debug(message: string, data?: Record<string, unknown>): void;
  /** Noteworthy but expected events. */
  info(message: string, data?: Record<string, unknown>): void;
  /** Retries and waits. */
  warn(message: string, data?: Record<string, unknown>): void;
  /** Failures surfaced to the caller. */
  error(message: string, data?: Record<string, unknown>): void;
}

/** Least severe level that is still emitted; `off` silences everything. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Default {@link LogLevel}. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

const RANK: Record<LogLevel, number> = {
  off: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
};
const METHODS = ['error', 'warn', 'info', 'debug'] as const;

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Destination; when absent the returned logger is silent. Default: none. */
  logger?: Logger;
  /** Least severe level passed on. Default `'warn'`. */
  level?: LogLevel;
  /** Applied to every message and (deeply) to every data object before it reaches `logger`. */
  redactor: Redactor;
}

/**
 * Wraps `logger` with level filtering and redaction. Exceptions thrown by the destination are swallowed:
 * a broken logger must not turn a successful request into a failure.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const { logger, redactor } = options;
  const threshold = RANK[options.level ?? DEFAULT_LOG_LEVEL];
  const out = {} as Logger;
  for (const method of METHODS) {
    out[method] = (message, data) => {
      if (!logger || RANK[method] > threshold) return;
      try {
        const safeMessage = redactor.string(message);
        if (data === undefined) logger[method](safeMessage);
        else logger[method](safeMessage, redactor.value(data) as Record<string, unknown>);
      } catch {
        // Logging is best effort.
      }
    };
  }
  return out;
}
