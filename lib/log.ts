import pino from 'pino';
import { errorForLog } from './db/driver-error';
import { getLogLevel } from './env';

/**
 * The one logger of the production processes (web, worker, realtime sidecar): JSON lines on
 * stdout, one object per event, `{"level":"error","time":"...","component":"http","msg":...}`.
 * LOG_LEVEL sets how much (default info).
 *
 * What never reaches a log line:
 * - SQL parameters: an error logged as `err` goes through errorForLog (lib/db/driver-error.ts),
 *   which keeps its class, code, stack and the SQL text with placeholders, and drops the
 *   parameters drizzle puts in its messages.
 * - Secrets: authorization and cookie headers, tokens, passwords and keys under the names below
 *   are replaced by "[redacted]" at any of the first levels of a logged object.
 * Log a request as its method and path (never its query string, which can carry a token).
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'secret',
  'api_key',
  'apiKey',
  'AUTH_SECRET',
  'JWT_SECRET',
  'RESEND_API_KEY',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => {
  const key = /^\w+$/.test(k) ? k : `["${k}"]`;
  const member = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${member}`, `*.*${member}`];
});

/** Where log lines go: stdout, or what captureLogs() put in its place. */
const stdout = pino.destination({ dest: 1, sync: true });
let sink: { write(line: string): unknown } = stdout;
const switchable = { write: (line: string) => sink.write(line) };

let root: pino.Logger | undefined;

function rootLogger(): pino.Logger {
  root ??= pino(
    {
      level: getLogLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorForLog, error: errorForLog },
      redact: { paths: [...new Set(REDACT_PATHS)], censor: '[redacted]' },
    },
    switchable,
  );
  return root;
}

export type Logger = pino.Logger;

/** A logger for one part of the system; every line it writes carries `component`. */
export function logger(component: string): Logger {
  return rootLogger().child({ component });
}

/**
 * For tests: sends log lines to a buffer until `restore()`, and gives them back parsed. Loggers
 * made before the call write there too (they share the root's sink).
 */
export function captureLogs(): { lines(): Array<Record<string, unknown>>; text(): string; restore(): void } {
  const captured: string[] = [];
  const previous = sink;
  sink = { write: (line: string) => captured.push(line) };
  return {
    lines: () => captured.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => captured.join(''),
    restore: () => {
      sink = previous;
    },
  };
}

/**
 * One log line as a person reads it at a terminal (`npm start` shows its processes' logs so):
 * "level component: msg", then the error's stack and SQL text. Lines that are not JSON log lines
 * come back as they are.
 */
export function logLineForHumans(line: string): string {
  if (!line.startsWith('{')) return line;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof o.msg !== 'string' || typeof o.level !== 'string') return line;
  const { level, time: _time, pid: _pid, component, msg, err, ...rest } = o;
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  let text = `${level === 'info' ? '' : `${level.toUpperCase()} `}${typeof component === 'string' ? `${component}: ` : ''}${msg}${extra}`;
  if (err && typeof err === 'object') {
    const e = err as { stack?: unknown; sql?: unknown; causes?: Array<{ stack?: unknown; code?: string | number }> };
    if (typeof e.stack === 'string') text += `\n${e.stack}`;
    if (typeof e.sql === 'string') text += `\n  SQL: ${e.sql}`;
    for (const c of e.causes ?? []) if (typeof c.stack === 'string') text += `\n  caused by ${c.stack.split('\n')[0]}${c.code ? ` (${c.code})` : ''}`;
  }
  return text;
}
