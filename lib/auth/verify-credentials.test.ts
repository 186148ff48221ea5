import { randomBytes, scryptSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { DEMO_PASSWORD } from '../demo/seed-demo';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { needsRehash } from './password';
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

  it('stores a hash made at an older, lower cost again at the current one on sign-in', async () => {
    // The earlier form: `scrypt$<salt>$<hash>` at Node's default cost (N=2^14).
    const salt = randomBytes(16);
    const old = `scrypt$${salt.toString('hex')}$${scryptSync(DEMO_PASSWORD, salt, 32).toString('hex')}`;
    await t.db.update(users).set({ passwordHash: old }).where(eq(users.id, 141));
    expect(await verifyCredentials(t.db, { email: 'bruno.budget@tts.local', password: DEMO_PASSWORD })).toMatchObject({ id: 141 });
    const [after] = await t.db.select().from(users).where(eq(users.id, 141));
    expect(after.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(needsRehash(after.passwordHash!)).toBe(false);
    expect(await verifyCredentials(t.db, { email: 'bruno.budget@tts.local', password: DEMO_PASSWORD })).toMatchObject({ id: 141 });
    expect(await verifyCredentials(t.db, { email: 'bruno.budget@tts.local', password: 'wrong' })).toBeNull();
  });
});
