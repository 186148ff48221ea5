import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskItems, tasks } from '../db/schema';
import { startTicket } from '../testing/engine';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { listTicketBoard } from './list-ticket-board';
import { parseTicketBoardQuery } from './ticket-board-query';

let t: TestDb;
const made: Array<{ number: string; owner: number; holder: number }> = [];
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  const specs = [
    { priority: 'Low', subject: 'Mouse' },
    { priority: 'Critical', subject: 'Payroll server down' },
    { priority: 'High', subject: 'Laptop return', employee: { id: 9, name: 'Zoe Quill' } },
    { priority: 'Medium', subject: 'Desk phone' },
  ];
  for (const [i, s] of specs.entries()) {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: `TXBOARD${i}`, ...s });
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    made.push({ number: `TXBOARD${i}`, owner: task.ownerUserId!, holder: item.userId });
  }
});
afterAll(async () => t.drop());

const board = (userId: number, params: Record<string, string | string[]> = {}, pageSize?: number) => listTicketBoard(t.db, { userId, query: parseTicketBoardQuery(params), pageSize });
const numbers = (r: Awaited<ReturnType<typeof board>>) => r.tickets.map((x) => x.ticket_number);

describe('listTicketBoard', () => {
  it('admins see every ticket; coordinators those they own; agents those they held; others none', async () => {
    expect(numbers(await board(111))).toEqual(['TXBOARD3', 'TXBOARD2', 'TXBOARD1', 'TXBOARD0']);
    for (const coordinator of [121, 122]) {
      expect(numbers(await board(coordinator)).sort()).toEqual(made.filter((m) => m.owner === coordinator || m.holder === coordinator).map((m) => m.number).sort());
    }
    const holder = made[0].holder;
    expect(numbers(await board(holder))).toContain('TXBOARD0');
    expect(numbers(await board(141))).toEqual([]); // Budget: nothing of these
  });

  it('filters, searches, sorts and pages with counts', async () => {
    expect(numbers(await board(111, { priority: 'Critical,High' }))).toEqual(['TXBOARD2', 'TXBOARD1']);
    expect(numbers(await board(111, { q: 'quill' }))).toEqual(['TXBOARD2']);
    expect(numbers(await board(111, { q: 'payroll' }))).toEqual(['TXBOARD1']);
    expect(numbers(await board(111, { sort: 'priority' }))).toEqual(['TXBOARD1', 'TXBOARD2', 'TXBOARD3', 'TXBOARD0']);
    expect(numbers(await board(111, { sla: 'on_track' }))).toHaveLength(4);
    expect(numbers(await board(111, { sla: 'breached' }))).toEqual([]);
    expect(numbers(await board(111, { sla: 'breached,at_risk' }))).toEqual([]);
    expect(numbers(await board(111, { sla: ['breached', 'on_track'], priority: 'Critical,High' }))).toEqual(['TXBOARD2', 'TXBOARD1']);
    const { choices } = await board(111);
    expect(numbers(await board(111, { workflow: choices.workflows.map((w) => w.id).join(','), step: ['Triage', 'Nope'] }))).toHaveLength(4);
    expect(numbers(await board(111, { step: 'Nope' }))).toEqual([]);
    const p1 = await board(111, { sort: 'priority' }, 3);
    expect([numbers(p1), p1.total, p1.first_position]).toEqual([['TXBOARD1', 'TXBOARD2', 'TXBOARD3'], 4, 1]);
    const p2 = await board(111, { sort: 'priority', after: p1.next_cursor! }, 3);
    expect([numbers(p2), p2.first_position, p2.next_cursor]).toEqual([['TXBOARD0'], 4, null]);
    expect(numbers(await board(111, { sort: 'priority', before: p2.prev_cursor! }, 3))).toEqual(['TXBOARD1', 'TXBOARD2', 'TXBOARD3']);
    const due = await board(111, { sort: 'due' }, 2);
    expect(numbers(await board(111, { sort: 'due', after: due.next_cursor! }, 2))).toHaveLength(2);
    const first = (await board(111)).tickets[0];
    expect(first).toMatchObject({ step_name: 'Triage', holder_name: expect.any(String), item: { sla: { state: 'on_track' } } });
  });
});
