import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicket } from '../testing/engine';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { openItemsQuery } from './list-task-items';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  for (let i = 0; i < 3; i++) await startTicket(t.db, { ticket_number: `TXINBOX${i}` });
});
afterAll(async () => t.drop());

describe('the inbox query', () => {
  it('is served by task_items_inbox_idx: its open filter is inside the index predicate', async () => {
    const plan = await t.db.transaction(async (tx) => {
      // A handful of rows would be read sequentially; forbid that, so only a usable index is chosen.
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute(sql`explain ${openItemsQuery(tx, { userId: 101, limit: 200, offset: 0 }).getSQL()}`);
      return Array.from(rows as Iterable<Record<string, string>>).map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('task_items_inbox_idx');
    // The index is in inbox order (target, then id): no sort step.
    expect(plan).not.toMatch(/\bSort\b/);
  });
});
