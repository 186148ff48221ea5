import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets, users } from './db/schema';
import { describeError } from './db/driver-error';
import { route } from './http';
import { captureLogs, logger } from './log';
import { createTestDb, type TestDb } from './testing/test-db';

// Looks like a credential, so that finding it anywhere in a log line is unmistakable.
const SECRET = 'sk_live_4f9c2e7a1b0d8e6f5a3c9b7d';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

/** A real failure from the real database, with SECRET among its parameters (and, from Postgres, in its message). */
async function failingQuery(): Promise<unknown> {
  try {
    await t.db.select().from(users).where(eq(users.id, sql`${SECRET}::int`));
  } catch (err) {
    return err;
  }
  throw new Error('the query did not fail');
}

describe('logs of failed queries', () => {
  it('the route catch-all logs class, SQLSTATE, stack and SQL text, and none of the parameters', async () => {
    const err = await failingQuery();
    // The raw error carries the parameter in its message: what a naive console.error(err) would print.
    expect(String((err as Error).message)).toContain(SECRET);
    expect(String((err as Error).stack)).toContain(SECRET);

    const logs = captureLogs();
    let res: Response;
    try {
      const handler = route(
        async () => {
          throw err;
        },
        { public: true },
      );
      res = await handler(new Request(`http://tts.test/api/v1/things?token=${SECRET}`, { headers: { authorization: `Bearer ${SECRET}` } }), {
        params: Promise.resolve({}),
      });
    } finally {
      logs.restore();
    }
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });

    expect(logs.text()).not.toContain(SECRET);
    const [line] = logs.lines();
    expect(line).toMatchObject({ level: 'error', component: 'http', method: 'GET', path: '/api/v1/things', msg: 'unhandled error in a route handler' });
    const logged = line.err as Record<string, unknown>;
    expect(logged.type).toBe('DrizzleQueryError');
    expect(logged.sql).toMatch(/select .* from "users" where "users"\."id" = \$1::int/);
    expect(logged.message).toBe(`Failed query: ${String(logged.sql)}`);
    expect(String(logged.stack)).toMatch(/^DrizzleQueryError: Failed query: [^\n]+\n\s+at /);
    const [cause] = logged.causes as Array<Record<string, unknown>>;
    expect(cause).toMatchObject({ type: 'PostgresError', code: '22P02', message: 'invalid input syntax for type integer', routine: expect.any(String) });
  });

  it('a unique violation keeps the constraint name but not the duplicated value', async () => {
    const number = `TX${SECRET.slice(-10).toUpperCase()}`;
    const row = { ticketNumber: number, subject: 's', department: 'IT', category: 'Access', priority: 'Low' as const, payload: {}, source: 'http' as const };
    await t.db.insert(tickets).values(row);
    const err = await t.db
      .insert(tickets)
      .values(row)
      .then(() => null, (e: unknown) => e);
    expect(String((err as Error).message)).toContain(number);

    const logs = captureLogs();
    try {
      logger('test').error({ err }, 'insert failed');
    } finally {
      logs.restore();
    }
    expect(logs.text()).not.toContain(number);
    const cause = ((logs.lines()[0].err as Record<string, unknown>).causes as Array<Record<string, unknown>>)[0];
    expect(cause).toMatchObject({ code: '23505', constraint_name: expect.stringContaining('ticket_number') });
    expect(cause).not.toHaveProperty('detail');
    expect(describeError(err)).toMatch(/^duplicate key value violates unique constraint "[^"]+" \(23505\)$/);
  });

  it('describes a failure for a job record in one line without the parameters', async () => {
    const err = await failingQuery();
    expect(describeError(err)).toBe('invalid input syntax for type integer (22P02)');
  });
});

describe('secrets in logged objects', () => {
  it('redacts authorization and cookie headers, tokens, passwords and keys', () => {
    const logs = captureLogs();
    try {
      logger('test').info(
        {
          headers: { authorization: `Bearer ${SECRET}`, cookie: `authjs.session-token=${SECRET}`, 'set-cookie': SECRET, accept: 'application/json' },
          token: SECRET,
          user: { password: SECRET, name: 'Ada' },
          config: { RESEND_API_KEY: SECRET },
        },
        'request',
      );
    } finally {
      logs.restore();
    }
    expect(logs.text()).not.toContain(SECRET);
    const [line] = logs.lines();
    expect(line).toMatchObject({
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]', accept: 'application/json' },
      token: '[redacted]',
      user: { password: '[redacted]', name: 'Ada' },
      config: { RESEND_API_KEY: '[redacted]' },
    });
  });
});
