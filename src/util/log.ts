/**
 * A small levelled logger, silent by default (noVNC util/logging.js style).
 *
 * Nothing passed through it may carry a ticket, token or password: callers log
 * facts (sizes, states, encodings), never URLs. As a second line of defence,
 * every string is run through `redactSecrets` before it reaches the console.
 */

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Parses a `log-level` attribute value; unknown values mean `silent`. */
export function parseLogLevel(value: unknown): LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value)
    ? (value as LogLevel)
    : 'silent';
}

// Tickets live in `/ticket/<ticket>` paths and `token=`/`ticket=`/`password=`
// query parameters. Redact the value, keep the shape so the log stays useful.
const SECRET_PATTERNS: readonly RegExp[] = [
  /(\/ticket\/)[^/?#\s]+/gi,
  /([?&;](?:token|ticket|password|pass|pwd|mksticket)=)[^&#\s]*/gi,
];

/** Replaces ticket-like parts of a string with `***`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_PATTERNS) out = out.replace(re, '$1***');
  return out;
}

/** Where log lines go; the console in production, a recorder in tests. */
export interface LogSink {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

/** A logger bound to a level and a sink. */
export class Logger {
  level: LogLevel;
  private readonly _sink: LogSink;
  private readonly _prefix: string;

  constructor(level: LogLevel = 'silent', sink?: LogSink, prefix = '[webmks-console]') {
    this.level = level;
    // `console` is typed by lib.dom, which the core does not see; reach it via globalThis.
    this._sink = sink ?? (globalThis as unknown as {console: LogSink}).console;
    this._prefix = prefix;
  }

  error(...args: unknown[]): void {
    this._emit(1, 'error', args);
  }
  warn(...args: unknown[]): void {
    this._emit(2, 'warn', args);
  }
  info(...args: unknown[]): void {
    this._emit(3, 'info', args);
  }
  debug(...args: unknown[]): void {
    this._emit(4, 'debug', args);
  }

  private _emit(rank: number, method: keyof LogSink, args: unknown[]): void {
    if (LOG_LEVELS.indexOf(this.level) < rank) return;
    const safe = args.map((a) =>
      typeof a === 'string' ? redactSecrets(a) : a instanceof Error ? redactSecrets(a.message) : a,
    );
    this._sink[method](this._prefix, ...safe);
  }
}
