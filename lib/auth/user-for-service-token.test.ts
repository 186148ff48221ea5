import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServiceClient } from '../auth-service/auth-service-client';
import { roleUsers, users } from '../db/schema';
import { getEnv } from '../env';
import { seedDemoData, serviceToken } from '../testing/fixtures';
import { sendJson, startStandInServer, type StandInServer } from '../testing/stand-in-server';
import { createTestDb, type TestDb } from '../testing/test-db';
import { userForServiceToken } from './user-for-service-token';

let t: TestDb;
let authService: StandInServer;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  // People known to TTS only from role sync: no user record yet.
  await t.db.insert(roleUsers).values([
    { roleId: 4, userId: 7001, userFullName: 'Rita Rolesync' },
    { roleId: 4, userId: 7002, userFullName: 'Omar Offline' },
  ]);
  authService = await startStandInServer((req, res) => {
    if (req.url === '/api/v1/users/internal/7001/') return sendJson(res, 200, { id: 7001, email: 'Rita.Rolesync@corp.example', first_name: 'Rita', last_name: 'R.' });
    if (req.url === '/api/v1/users/internal/7002/') return sendJson(res, 200, { id: 7002, email: 'omar@corp.example', full_name: 'Omar O.' });
    sendJson(res, 404, { detail: 'Not found.' });
  });
});
afterAll(async () => {
  await authService.close();
  await t.drop();
});

const client = () => createAuthServiceClient({ baseUrl: authService.url, timeoutMs: 1000, failureThreshold: 5, cooldownMs: 1000, cacheTtlMs: 0 });
const userRow = async (id: number) => (await t.db.select().from(users).where(eq(users.id, id)))[0];

describe('userForServiceToken (sign-in by the Auth Service access_token cookie)', () => {
  it('signs in a local user as themself', async () => {
    expect(await userForServiceToken(t.db, await serviceToken(131), client())).toEqual({
      ok: true,
      user: { id: 131, fullName: 'Maya Asset', email: 'maya.asset@tts.local' },
    });
  });

  it('gives someone known only from role sync a user record: name from role sync, email from the Auth Service', async () => {
    const first = await userForServiceToken(t.db, await serviceToken(7001), client());
    expect(first).toEqual({ ok: true, user: { id: 7001, fullName: 'Rita Rolesync', email: 'rita.rolesync@corp.example' } });
    expect(await userRow(7001)).toMatchObject({ isActive: true, passwordHash: null });
    // Again: the same record, not a second one.
    expect(await userForServiceToken(t.db, await serviceToken(7001), client())).toEqual(first);
    expect(authService.requests.filter((r) => r.includes('/7001/')).length).toBeGreaterThan(0);
  });

  it('keeps a placeholder email while the Auth Service cannot tell, and fills it in on a later sign-in', async () => {
    const offline = await userForServiceToken(t.db, await serviceToken(7002), null);
    expect(offline).toEqual({ ok: true, user: { id: 7002, fullName: 'Omar Offline', email: 'user-7002@auth-service.invalid' } });
    const later = await userForServiceToken(t.db, await serviceToken(7002), client());
    expect(later).toEqual({ ok: true, user: { id: 7002, fullName: 'Omar Offline', email: 'omar@corp.example' } });
  });

  it('refuses people with no TTS role, deactivated users and tokens that are not valid', async () => {
    expect(await userForServiceToken(t.db, await serviceToken(501), client())).toEqual({ ok: false, reason: 'not_tts_user' });
    expect(await userRow(501)).toBeUndefined();
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, 132));
    expect(await userForServiceToken(t.db, await serviceToken(132), client())).toEqual({ ok: false, reason: 'deactivated' });
    expect(await userForServiceToken(t.db, await serviceToken(131, { secret: 'not-the-secret-0123456789' }), client())).toEqual({ ok: false, reason: 'invalid_token' });
    expect(await userForServiceToken(t.db, await serviceToken(131, { expiresIn: '-1m' }), client())).toEqual({ ok: false, reason: 'invalid_token' });
    const refresh = await new SignJWT({ user_id: 131, token_type: 'refresh' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(getEnv().JWT_SECRET));
    expect(await userForServiceToken(t.db, refresh, client())).toEqual({ ok: false, reason: 'invalid_token' });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"user_id":131,"exp":9999999999}').toString('base64url')}.`;
    expect(await userForServiceToken(t.db, none, client())).toEqual({ ok: false, reason: 'invalid_token' });
  });
});
