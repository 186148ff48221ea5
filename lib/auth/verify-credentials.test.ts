import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { DEMO_PASSWORD } from '../demo/seed-demo';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { verifyCredentials } from './verify-credentials';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => t.drop());

describe('verifyCredentials', () => {
  it('signs in an active user with the right password, whatever the case of the email', async () => {
    expect(await verifyCredentials(t.db, { email: ' Maya.Asset@tts.local ', password: DEMO_PASSWORD })).toEqual({
      id: 131,
      fullName: 'Maya Asset',
      email: 'maya.asset@tts.local',
    });
  });
  it('refuses a wrong password, an unknown email, bad input and an inactive user', async () => {
    expect(await verifyCredentials(t.db, { email: 'maya.asset@tts.local', password: 'nope' })).toBeNull();
    expect(await verifyCredentials(t.db, { email: 'nobody@tts.local', password: DEMO_PASSWORD })).toBeNull();
    expect(await verifyCredentials(t.db, { email: 'not an email', password: DEMO_PASSWORD })).toBeNull();
    expect(await verifyCredentials(t.db, {})).toBeNull();
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, 132));
    expect(await verifyCredentials(t.db, { email: 'marco.asset@tts.local', password: DEMO_PASSWORD })).toBeNull();
  });
});
