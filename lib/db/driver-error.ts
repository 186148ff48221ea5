/**
 * What TTS reads from database errors, in one place. Drizzle wraps the driver's error: a
 * DrizzleQueryError whose message holds the SQL text *and its parameters*, with postgres.js's
 * PostgresError (SQLSTATE `code`, `constraint_name`...) as its `cause`; postgres.js also hangs the
 * query and its parameters on its own errors (not enumerable). So nothing here ever hands a
 * parameter on: the SQL text is taken from `query`, never from a message.
 */

/** How deep a cause chain is followed (drizzle -> postgres.js -> socket error is three). */
const MAX_DEPTH = 5;

/** `err` and its causes, outermost first. */
export function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < MAX_DEPTH && !chain.includes(e); e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** The error codes along the chain: SQLSTATEs ('23505') and the driver's own ('CONNECTION_CLOSED', 'ECONNREFUSED'). */
export function errorCodes(err: unknown): string[] {
  return causeChain(err)
    .map((e) => (e as { code?: unknown }).code)
    .filter((code): code is string => typeof code === 'string');
}

/** The SQLSTATE PostgreSQL answered with, if the error came from the server. */
export function sqlState(err: unknown): string | undefined {
  return errorCodes(err).find((code) => /^[0-9A-Z]{5}$/.test(code));
}

/** True when `err` (or the driver error drizzle wrapped in it) is a unique violation, optionally of one constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = causeChain(err).find((x) => (x as { code?: unknown }).code === '23505') as { constraint_name?: string } | undefined;
  return e !== undefined && (constraint === undefined || e.constraint_name === constraint);
}

/** The SQL text of the query that failed, with its $n placeholders (never the parameters). */
export function failedQueryText(err: unknown): string | undefined {
  for (const e of causeChain(err)) {
    const query = (e as { query?: unknown }).query;
    if (typeof query === 'string') return query;
  }
  return undefined;
}

/** The error PostgreSQL or postgres.js raised, if there is one in the chain. */
function driverError(err: unknown): (Error & { code?: string; severity?: string }) | undefined {
  return causeChain(err).find((e) => e instanceof Error && e.name === 'PostgresError') as Error | undefined;
}

/**
 * An error's message with nothing of a query's data in it. A failed query's message is drizzle's
 * "Failed query: <sql>\nparams: <values>": only the first part is kept. PostgreSQL quotes the
 * offending value after a colon ('invalid input syntax for type integer: "abc"'), while names
 * of constraints and columns it quotes without one: the message is cut at the first ': "'.
 */
export function safeMessage(err: unknown): string {
  if (!(err instanceof Error)) return typeof err === 'string' ? err : 'non-error thrown';
  const query = (err as { query?: unknown }).query;
  if (typeof query === 'string' && err.message.startsWith('Failed query:')) return `Failed query: ${query}`;
  if (err.name === 'PostgresError') {
    const cut = err.message.indexOf(': "');
    return cut === -1 ? err.message : err.message.slice(0, cut);
  }
  return err.message;
}

/**
 * One line about an error for a job's failure record and a log line: the driver's reason and
 * SQLSTATE when the database refused, else the message; never the SQL parameters.
 */
export function describeError(err: unknown): string {
  const driver = driverError(err);
  if (driver) return `${safeMessage(driver)}${driver.code ? ` (${driver.code})` : ''}`;
  const chain = causeChain(err);
  const outer = safeMessage(err).split('\n')[0];
  const cause = chain[1] instanceof Error ? safeMessage(chain[1]).split('\n')[0] : undefined;
  return cause && !outer.includes(cause) ? `${outer}: ${cause}` : outer;
}

/** An error's stack with its message made safe (a stack starts with the message, parameters and all). */
export function safeStack(err: unknown): string {
  if (!(err instanceof Error)) return safeMessage(err);
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return [`${err.constructor.name}: ${safeMessage(err)}`, ...frames].join('\n');
}

/** The fields of a PostgresError that name schema objects, not data (detail, where and hint can quote values). */
const SAFE_DRIVER_FIELDS = ['severity', 'routine', 'schema_name', 'table_name', 'column_name', 'data_type_name', 'constraint_name', 'position'] as const;

/**
 * An error as a structured log field: class, code, message and stack without any query
 * parameter, the SQL text (placeholders only) of a failed query, and its causes likewise.
 */
export function errorForLog(err: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const chain = causeChain(err);
  const describe = (e: unknown): Record<string, unknown> => {
    if (!(e instanceof Error)) return { type: typeof e, message: safeMessage(e) };
    const fields: Record<string, unknown> = { type: e.constructor.name, message: safeMessage(e), stack: safeStack(e) };
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') fields.code = code;
    if (e.name === 'PostgresError') {
      for (const k of SAFE_DRIVER_FIELDS) {
        const v = (e as unknown as Record<string, unknown>)[k];
        if (v !== undefined && v !== null && v !== '') fields[k] = v;
      }
    }
    return fields;
  };
  Object.assign(out, describe(chain[0]));
  const query = failedQueryText(err);
  if (query) out.sql = query;
  if (chain.length > 1) out.causes = chain.slice(1).map(describe);
  return out;
}
