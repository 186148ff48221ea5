import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskItems } from '../db/schema';
import { startTicket } from '../testing/engine';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { DEMO_USERS } from './seed-demo';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => t.drop());

describe("the README's curl example", () => {
  it('on fresh demo data goes to alice.admin, and the next ticket to arthur.admin, as the README says', async () => {
    const example = {
      ticket_number: 'TX20261126000001',
      subject: 'Laptop return',
      department: 'Asset Department',
      category: 'Asset Check In',
      priority: 'High',
      asset_name: 'Dell Latitude 7440',
      serial_number: 'SN-12345',
      employee: { id: 501, name: 'Jane Doe' },
    };
    const first = await startTicket(t.db, example);
    const second = await startTicket(t.db, { ...example, ticket_number: 'TX20261126000002' });
    const holder = async (itemId: number) => {
      const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
      return DEMO_USERS.find((u) => u.id === item.userId)?.email;
    };
    expect(await holder(first.itemId)).toBe('alice.admin@tts.local');
    expect(await holder(second.itemId)).toBe('arthur.admin@tts.local');
  });
});
