import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { nextTurns, takeTurn, takeTurns } from './take-turns';

const m = (...ids: number[]) => ids.map((userId) => ({ userId }));

describe('nextTurns', () => {
  it('starts after the last turn, wraps around, and repeats the circle for more turns than members', () => {
    expect(nextTurns(m(1, 2, 3), null, 2).map((t) => t.userId)).toEqual([1, 2]);
    expect(nextTurns(m(1, 2, 3), 2, 4).map((t) => t.userId)).toEqual([3, 1, 2, 3]);
    expect(nextTurns(m(1, 2, 3), 3, 1).map((t) => t.userId)).toEqual([1]);
  });
  it('continues after a last user who has since left the role', () => {
    expect(nextTurns(m(1, 3, 5), 4, 3).map((t) => t.userId)).toEqual([5, 1, 3]);
    expect(nextTurns(m(1, 3, 5), 9, 1).map((t) => t.userId)).toEqual([1]);
  });
  it('gives nothing when nobody can take a turn', () => {
    expect(nextTurns([], 1, 3)).toEqual([]);
  });
});

describe('takeTurns', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await seedDemoData(t.db);
  });
  afterAll(async () => t.drop());

  it('k turns under one lock continue where the last batch stopped; step and owner keep separate cursors', async () => {
    // Role 3 (Ticket Coordinator: 121, 122) used both as a step role and for ownership.
    const step = await t.db.transaction((tx) => takeTurns(tx, 3, 'step', 3));
    const owner = await t.db.transaction((tx) => takeTurns(tx, 3, 'owner', 1));
    const stepAgain = await t.db.transaction((tx) => takeTurns(tx, 3, 'step', 2));
    expect(step.map((x) => x.userId)).toEqual([121, 122, 121]);
    expect(owner.map((x) => x.userId)).toEqual([121]);
    expect(stepAgain.map((x) => x.userId)).toEqual([122, 121]);
    const cursors = await t.db.execute(sql`select purpose, last_user_id, turns from round_robin_cursors where role_id = 3 order by purpose`);
    expect(Array.from(cursors)).toEqual([
      { purpose: 'owner', last_user_id: 121, turns: 1 },
      { purpose: 'step', last_user_id: 121, turns: 5 },
    ]);
  });

  it('a rolled-back batch gives its turns back', async () => {
    await t.db.transaction(async (tx) => {
      await takeTurns(tx, 4, 'step', 2);
      tx.rollback();
    }).catch(() => {});
    expect((await t.db.transaction((tx) => takeTurn(tx, 4, 'step')))?.userId).toBe(131);
  });

  it('skips the excluded user when someone else can take the turn, and returns nothing for an empty role', async () => {
    expect((await t.db.transaction((tx) => takeTurn(tx, 4, 'step', { excludeUserId: 132 })))?.userId).toBe(133);
    await t.db.execute(sql`update role_users set is_active = false where role_id = 5`);
    expect(await t.db.transaction((tx) => takeTurns(tx, 5, 'step', 3))).toEqual([]);
  });
});
