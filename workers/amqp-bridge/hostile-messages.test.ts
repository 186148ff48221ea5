import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCeleryMessage, PoisonMessageError, type DecodedCeleryTask } from '@/lib/amqp/decode-celery-message';
import { permanentFailure } from '@/lib/amqp/delivery-policy';
import { INBOUND_TASKS } from '@/lib/amqp/topology';
import { roles, tickets } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { jobs } from '@/lib/jobs/queues';
import { seedDemoData, ticketPayload } from '@/lib/testing/fixtures';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { INT4_MAX } from '@/lib/validation';
import { inboundTasks } from './inbound-tasks';

/**
 * The property-based corpus for what arrives over the broker and through pg-boss: hostile message
 * bytes and headers, hostile payloads in every inbound task, hostile job payloads. Every message
 * must either be taken or refused for good with a reason (which the consumer dead-letters), never
 * end in a driver error (which would be retried as if the database were the problem) or store
 * anything when refused. HOSTILE_RUNS sets the cases (default 150 per property).
 */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 150);

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => t.drop());

const hostileUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFF', '\uFEFF') },
  { weight: 1, arbitrary: fc.constantFrom('"', "'", '\\', '{', '[', '%', '\n') },
);
const hostileString = fc.string({ unit: hostileUnit, maxLength: 30 });
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1.5, INT4_MAX, INT4_MAX + 1, 2 ** 53, 1e308, -1e308),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  hostileNumber.map(String),
  fc.constantFrom(null, true, false, [], {}, '99999999999999999999'),
  fc.integer({ min: 30, max: 40 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n))),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileLeaf },
  { weight: 1, arbitrary: fc.array(hostileLeaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileLeaf, { maxKeys: 3 }) },
);

/** A valid value with one field (at any depth) replaced by a hostile one, or a hostile field added. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (v: unknown, p: string[]) => {
    paths.push(p);
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(valid, []);
  const set = (v: unknown, p: string[], x: unknown): unknown =>
    p.length ? { ...(v as Record<string, unknown>), [p[0]]: set((v as Record<string, unknown> | undefined)?.[p[0]], p.slice(1), x) } : x;
  const fields = paths.filter((p) => p.length);
  return fc.oneof(
    ...(fields.length ? [{ weight: 5, arbitrary: fc.tuple(fc.constantFrom(...fields), hostileValue).map(([p, x]) => set(valid, p, x)) }] : []),
    { weight: 1, arbitrary: fc.tuple(hostileString, hostileValue).map(([k, x]) => ({ ...valid, [k]: x })) },
    { weight: 1, arbitrary: hostileValue },
  );
}

const ticketCount = async () => (await t.db.select({ n: count() }).from(tickets))[0].n;
const roleCount = async () => (await t.db.select({ n: count() }).from(roles))[0].n;

/** What the consumer does with a failed task: dead-letter it (a reason) or retry it (null). */
function expectRefusedForGood(error: unknown, context: string) {
  expect(error instanceof PoisonMessageError || (error instanceof AppError && error.isPermanent), `${context}: ${String(error)}`).toBe(true);
  expect(permanentFailure(error), context).toBeTruthy();
}

describe('hostile broker messages', () => {
  it('decoding: any bytes, content type, encoding and headers are read or refused as poison, nothing else', () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      fc.tuple(hostileValue, hostileValue, hostileValue).map((v) => Buffer.from(JSON.stringify(v))),
      hostileValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'undefined')),
      fc.constantFrom('[[], {}, {}]', '[[], {"payload": {', '{"task": 1}', '[' .repeat(5000), '\uFEFF[]', '[[], {"__proto__": {"x": 1}}, {}]').map((s) => Buffer.from(s)),
    );
    const properties = fc.record(
      {
        contentType: fc.constantFrom('application/json', 'APPLICATION/JSON', 'application/x-python-serialize', 'application/x-yaml', '', undefined),
        contentEncoding: fc.constantFrom('utf-8', 'binary', 'gzip', 'zlib', 'latin-1', undefined),
        headers: fc.oneof(fc.constant(undefined), fc.record({ task: fc.oneof(hostileValue, fc.constantFrom(...Object.values(INBOUND_TASKS))), id: hostileValue, expires: hostileValue }, { requiredKeys: [] })),
        correlationId: fc.oneof(fc.constant(undefined), hostileString),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(body, properties, (content, props) => {
        try {
          const task = decodeCeleryMessage({ content, properties: props as never }, { maxBytes: 256 * 1024 });
          expect(typeof task.task).toBe('string');
          expect(typeof task.id).toBe('string');
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(PoisonMessageError);
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });

  const valid: Record<string, () => Record<string, unknown>> = {
    [INBOUND_TASKS.receiveTicket]: () => ticketPayload({ ticket_number: `TXHM${randomUUID().replaceAll('-', '').slice(0, 12)}` }),
    [INBOUND_TASKS.syncRole]: () => ({ role: { id: 900, name: 'Hostile Role', system: 'tts', is_active: true } }),
    [INBOUND_TASKS.syncUserSystemRole]: () => ({ user_system_role: { role_id: 1, user_id: 101, user_full_name: 'Alice Admin', is_active: true } }),
  };

  it('covers every inbound task', () => {
    expect(Object.keys(valid).sort()).toEqual(Object.keys(inboundTasks).sort());
  });

  for (const name of Object.keys(valid)) {
    it(`${name}: a hostile payload is stored or refused for good with its reason, never a driver error; a refusal stores nothing`, async () => {
      const handler = inboundTasks[name];
      const shape = fc.oneof(
        { weight: 3, arbitrary: fc.constant('kwargs') },
        { weight: 1, arbitrary: fc.constant('args') },
        { weight: 1, arbitrary: fc.constant('raw-kwargs') },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.constant(null).map(() => valid[name]()).chain(mutated), shape), { minLength: 1, maxLength: 3 }), async (batch) => {
          const tasks: DecodedCeleryTask[] = batch.map(([payload, how]) => ({
            protocol: 2,
            task: name,
            id: randomUUID(),
            args: how === 'args' ? [payload] : [],
            kwargs: how === 'kwargs' ? { payload } : how === 'raw-kwargs' && payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {},
            expires: null,
          }));
          const [ticketsBefore, rolesBefore] = [await ticketCount(), await roleCount()];
          // Throwing here would fail the whole batch as a database problem: retried, not parked.
          const outcomes = await handler(t.db, tasks);
          expect(outcomes).toHaveLength(tasks.length);
          let stored = 0;
          outcomes.forEach((o, i) => {
            if ('error' in o) expectRefusedForGood(o.error, `${name} ${JSON.stringify(batch[i]).slice(0, 300)}`);
            else if (!o.isDuplicate) stored++;
          });
          if (name === INBOUND_TASKS.receiveTicket) expect(await ticketCount()).toBe(ticketsBefore + stored);
          if (stored === 0) expect(await roleCount()).toBe(rolesBefore);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 300_000);
  }
});

describe('hostile job payloads', () => {
  // A valid payload of each queue; the registry's schema is what the worker checks before `handle`.
  const samples: Record<keyof typeof jobs, Record<string, unknown>> = {
    routeTickets: {},
    emailDeliver: { delivery_id: 1 },
    notificationHousekeeping: {},
    slaScan: {},
    roleReconcile: {},
    ticketStatusSync: { ticket_id: 'TX1', status: 'In Progress' },
    amsWorkflowCompletion: { ticket_id: 'TX1', asset_name: 'Laptop', completed_at: '2026-01-01T00:00:00Z' },
    bmsBudgetApproval: { ticket_id: 'TX1', requested_budget: '100', cost_items: [], approved_by: 101, completed_at: '2026-01-01T00:00:00Z' },
    inappNotification: { user_id: 101, subject: 's', message: 'm', notification_type: 'task_assignment', related_task_item_id: 1, related_ticket_number: 'TX1' },
  };

  it('has a sample of every queue, each accepted by its schema', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(jobs).sort());
    for (const [key, sample] of Object.entries(samples)) expect(jobs[key as keyof typeof jobs].schema.safeParse(sample).success, key).toBe(true);
  });

  it('a payload its schema accepts holds only ids an int4 column can; anything else is refused with the field named (and dead-lettered)', () => {
    for (const [key, sample] of Object.entries(samples)) {
      const schema = jobs[key as keyof typeof jobs].schema;
      fc.assert(
        fc.property(mutated(sample), (payload) => {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) {
            // The worker dead-letters it with this reason (workers/run-jobs.ts).
            expect(parsed.error.issues.length).toBeGreaterThan(0);
            return;
          }
          for (const [field, value] of Object.entries(parsed.data as Record<string, unknown>)) {
            if (/(^|_)id$|_by$/.test(field) && typeof value === 'number') expect(value, `${key}.${field}`).toBeLessThanOrEqual(INT4_MAX);
          }
        }),
        { numRuns: RUNS },
      );
      for (const field of Object.keys(sample).filter((f) => /(^|_)id$|_by$/.test(f) && typeof sample[f] === 'number')) {
        const parsed = schema.safeParse({ ...sample, [field]: INT4_MAX + 1 });
        expect(parsed.success, `${key}.${field} past int4`).toBe(false);
        expect(parsed.error!.issues.map((i) => i.path.join('.')), `${key}.${field}`).toContain(field);
      }
    }
  });
});
