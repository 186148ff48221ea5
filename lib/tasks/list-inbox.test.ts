import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskItems } from '../db/schema';
import { startTicket } from '../testing/engine';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { parseInboxQuery } from './inbox-query';
import { listInbox } from './list-inbox';

let t: TestDb;
const now = new Date();
const items: Record<string, number> = {};
const ME = 101;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  const make = async (name: string, o: Record<string, unknown>, minutesAgo: number) => {
    const { itemId } = await startTicket(t.db, { ticket_number: `TXINB${name}`, ...o }, new Date(now.getTime() - minutesAgo * 60_000));
    items[name] = itemId;
  };
  await make('A', { priority: 'Low', subject: 'Monitor flickers' }, 50);
  await make('B', { priority: 'Critical', subject: 'Server room 100% humid' }, 40);
  await make('C', { priority: 'High', subject: 'Laptop return', employee: { id: 9, name: 'Zoe Quill', email: 'zoe@corp.example' } }, 30);
  await make('D', { priority: 'Medium', subject: 'Keyboard' }, 20);
  await make('E', { priority: 'High', subject: 'Badge reader' }, 10);
  await make('OTHER', { priority: 'High', subject: 'Not mine' }, 5);
  // Round robin spread them over the admins; give them all to one person, except OTHER.
  await t.db.update(taskItems).set({ userId: ME }).where(inArray(taskItems.id, Object.values(items)));
  await t.db.update(taskItems).set({ userId: 102 }).where(eq(taskItems.id, items.OTHER));
  // D is on hold, E was done by me yesterday, A is past its target, C past its warning.
  await t.db.update(taskItems).set({ onHoldSince: now }).where(eq(taskItems.id, items.D));
  await t.db.update(taskItems).set({ status: 'resolved', actedAt: new Date(now.getTime() - 86_400_000) }).where(eq(taskItems.id, items.E));
  await t.db.update(taskItems).set({ targetAt: new Date(now.getTime() - 60_000), warnAt: new Date(now.getTime() - 120_000) }).where(eq(taskItems.id, items.A));
  await t.db.update(taskItems).set({ warnAt: new Date(now.getTime() - 60_000) }).where(eq(taskItems.id, items.C));
});
afterAll(async () => t.drop());

const inbox = (params: Record<string, string | string[]>, pageSize?: number) => listInbox(t.db, { userId: ME, query: parseInboxQuery(params), now, pageSize });
const numbers = (r: Awaited<ReturnType<typeof inbox>>) => r.items.map((i) => i.ticket.ticket_number.replace('TXINB', ''));

describe('listInbox', () => {
  it('shows only my items, in the view asked for, with each view counted', async () => {
    const open = await inbox({});
    expect(numbers(open)).toEqual(['A', 'B', 'C']);
    expect(open.total).toBe(3);
    expect(open.views).toEqual({ open: 3, on_hold: 1, done: 1 });
    expect(numbers(await inbox({ view: 'on_hold' }))).toEqual(['D']);
    expect(numbers(await inbox({ view: 'done' }))).toEqual(['E']);
  });

  it('filters by priority, SLA state, workflow and step, and searches number, subject and requester', async () => {
    expect(numbers(await inbox({ priority: 'Critical,High' }))).toEqual(['B', 'C']);
    expect(numbers(await inbox({ sla: 'breached' }))).toEqual(['A']);
    expect(numbers(await inbox({ sla: 'at_risk' }))).toEqual(['C']);
    expect(numbers(await inbox({ sla: 'on_track' }))).toEqual(['B']);
    // Several values of one filter: any of them (comma-separated or repeated); filters combine with "and".
    expect(numbers(await inbox({ sla: 'at_risk,breached' }))).toEqual(['A', 'C']);
    expect(numbers(await inbox({ sla: ['breached', 'on_track'] }))).toEqual(['A', 'B']);
    expect(numbers(await inbox({ sla: 'at_risk,breached', priority: 'Low,Critical' }))).toEqual(['A']);
    expect(numbers(await inbox({ status: 'new,breached' }))).toEqual(['A', 'B', 'C']);
    expect(numbers(await inbox({ q: 'humid' }))).toEqual(['B']);
    expect(numbers(await inbox({ q: 'txinbc' }))).toEqual(['C']);
    expect(numbers(await inbox({ q: 'quill' }))).toEqual(['C']);
    expect(numbers(await inbox({ q: 'zoe@corp' }))).toEqual(['C']);
    // The search's own wildcards are literal characters.
    expect(numbers(await inbox({ q: '100%' }))).toEqual(['B']);
    expect(numbers(await inbox({ q: '%' }))).toEqual(['B']);
    expect(numbers(await inbox({ q: '_' }))).toEqual([]);
    const all = await inbox({});
    expect(all.choices.workflows).toHaveLength(1);
    expect(all.choices.steps).toEqual(['Triage']);
    expect(numbers(await inbox({ workflow: String(all.choices.workflows[0].id), step: 'Triage' }))).toEqual(['A', 'B', 'C']);
    expect(numbers(await inbox({ step: 'Nope' }))).toEqual([]);
    expect(numbers(await inbox({ workflow: `${all.choices.workflows[0].id},999999`, step: ['Nope', 'Triage'] }))).toEqual(['A', 'B', 'C']);
    // A chosen step stays among the choices (so it can be unticked), even where nothing has it.
    expect((await inbox({ step: 'Nope' })).choices.steps).toEqual(['Nope', 'Triage']);
    // Another person's item is never found, whatever the search.
    expect(numbers(await inbox({ q: 'Not mine' }))).toEqual([]);
  });

  it('sorts by due, priority or age', async () => {
    expect(numbers(await inbox({ sort: 'priority' }))).toEqual(['B', 'C', 'A']);
    expect(numbers(await inbox({ sort: 'age' }))).toEqual(['A', 'B', 'C']);
  });

  it('pages by cursor forwards and back, saying where the page is among the matches', async () => {
    const p1 = await inbox({ sort: 'priority' }, 2);
    expect(numbers(p1)).toEqual(['B', 'C']);
    expect([p1.first_position, p1.total, p1.prev_cursor]).toEqual([1, 3, null]);
    const p2 = await inbox({ sort: 'priority', after: p1.next_cursor! }, 2);
    expect(numbers(p2)).toEqual(['A']);
    expect([p2.first_position, p2.next_cursor]).toEqual([3, null]);
    const back = await inbox({ sort: 'priority', before: p2.prev_cursor! }, 2);
    expect(numbers(back)).toEqual(['B', 'C']);
    expect(back.prev_cursor).toBeNull();
    expect(back.next_cursor).not.toBeNull();
    // A cursor that is not one of ours is the first page, not an error.
    expect(numbers(await inbox({ sort: 'priority', after: 'bm90IGEgY3Vyc29y' }, 2))).toEqual(['B', 'C']);
  });

  it('ignores URL values that are not its own', async () => {
    const q = parseInboxQuery({ view: 'trash', priority: 'Urgent,High', sla: 'late', sort: 'random', workflow: '-1', status: 'deleted' });
    expect(q).toMatchObject({ view: 'open', priority: ['High'], sla: [], sort: 'due', workflow: [], status: [] });
    // The done and on-hold views have no running clock: no SLA filter there.
    expect(parseInboxQuery({ view: 'done', sla: 'breached', status: 'resolved,new' })).toMatchObject({ sla: [], status: ['resolved'] });
    expect((await t.db.execute(sql`select 1 as ok`)).length).toBe(1);
  });
});
