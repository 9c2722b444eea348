/**
 * The process's one logger, installed as the Temporal Runtime's logger so the SDK's messages, the workflows' `log`
 * (through the SDK's sinks), the activities' `log` and the core's forwarded logs all come out the same way: one
 * JSON object per line for log collectors, or one readable line per message for a developer's terminal.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { LogTimestamp } from '@temporalio/worker';
import { redactLogMeta, redactText } from './log-redaction';
import { LOG_LEVELS, type LogFormat } from './log-settings';

export type { LogFormat } from './log-settings';

export interface StructuredLoggerOptions {
  /** Messages below this level are dropped. */
  level: LogLevel;
  format: LogFormat;
  /** Receives each formatted line, without the newline. Default: stdout. */
  write?: (line: string) => void;
  /** For messages that do not carry the SDK's own timestamp. */
  now?: () => Date;
}

/** Keys of every line; metadata with the same name is kept under `meta.<key>` instead of overwriting them. */
const RESERVED_KEYS = new Set(['time', 'level', 'message']);

export class StructuredLogger implements Logger {
  readonly level: LogLevel;
  readonly format: LogFormat;
  private readonly threshold: number;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;

  constructor(options: StructuredLoggerOptions) {
    this.level = options.level;
    this.format = options.format;
    this.threshold = LOG_LEVELS.indexOf(options.level);
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = options.now ?? (() => new Date());
  }

  isEnabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= this.threshold;
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (!this.isEnabled(level)) return;
    const time = timeOf(meta) ?? this.now();
    const fields = meta ? redactLogMeta(meta) : {};
    const text = redactText(message);
    this.write(this.format === 'json' ? jsonLine(time, level, text, fields) : prettyLine(time, level, text, fields));
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** The SDK stamps messages it buffers (workflow logs, forwarded core logs) with their original time in nanoseconds. */
function timeOf(meta: LogMetadata | undefined): Date | undefined {
  const nanos: unknown = meta?.[LogTimestamp];
  return typeof nanos === 'bigint' ? new Date(Number(nanos / 1_000_000n)) : undefined;
}

function jsonLine(time: Date, level: LogLevel, message: string, fields: Record<string, unknown>): string {
  const line: Record<string, unknown> = { time: time.toISOString(), level, message };
  for (const [key, value] of Object.entries(fields)) line[RESERVED_KEYS.has(key) ? `meta.${key}` : key] = value;
  return JSON.stringify(line);
}

/**
 * `12:00:01.234 INFO  [workflow] message workflowId=... error="..."`: the SDK's component first, then the rest; an
 * error's stack follows on its own lines, as a terminal reader expects it.
 */
function prettyLine(time: Date, level: LogLevel, message: string, fields: Record<string, unknown>): string {
  const { sdkComponent, ...rest } = fields;
  const component = typeof sdkComponent === 'string' ? ` [${sdkComponent}]` : '';
  const stacks: string[] = [];
  const attributes = Object.entries(rest).map(([key, value]) => {
    const error = value as { message?: unknown; stack?: unknown } | null;
    if (error && typeof error === 'object' && typeof error.stack === 'string') {
      stacks.push(error.stack);
      return ` ${key}=${JSON.stringify(String(error.message))}`;
    }
    return ` ${key}=${typeof value === 'string' ? quoteIfNeeded(value) : JSON.stringify(value)}`;
  });
  const line = `${time.toISOString().slice(11, 23)} ${level.padEnd(5)}${component} ${message}${attributes.join('')}`;
  return [line, ...stacks.map((stack) => stack.replace(/^/gm, '    '))].join('\n');
}

function quoteIfNeeded(value: string): string {
  return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}

/** The same logger without the messages below `level`: for chatty SDK parts such as the workflow bundler. */
export function atLeast(logger: Logger, level: LogLevel): Logger {
  const minimum = LOG_LEVELS.indexOf(level);
  const log = (at: LogLevel, message: string, meta?: LogMetadata) => {
    if (LOG_LEVELS.indexOf(at) >= minimum) logger.log(at, message, meta);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
