import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServiceClient } from '../auth-service/auth-service-client';
import { auditEvents, roleUsers } from '../db/schema';
import { seedDemoData } from '../testing/fixtures';
import { sendJson, startStandInServer, type StandInServer } from '../testing/stand-in-server';
import { createTestDb, type TestDb } from '../testing/test-db';
import { reconcileRoleMembers } from './reconcile-role-members';
import { upsertRoleUser } from './upsert-role-user';

// A stand-in Auth Service: answers users-by-role and user info, records what it was asked.
const byRole: Record<string, number[]> = {
  Admin: [101, 102],
  'Super Admin': [111, 112],
  'Ticket Coordinator': [121, 122],
  'Asset Manager': [131, 133, 134], // 132 left the role, 134 joined it
  'Budget Manager': [], // suspect: the role has members in TTS
};
let isDown = false;
/** Runs while the stand-in is answering, as a role-sync message landing mid-reconcile would. */
let whileAnswering: ((role: string) => Promise<void>) | null = null;
let standIn: StandInServer;
let t: TestDb;

beforeAll(async () => {
  standIn = await startStandInServer(async (req, res) => {
    if (isDown) return void res.writeHead(503).end();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/tts/round-robin/') {
      const role = url.searchParams.get('role') ?? '';
      const answer = { user_ids: byRole[role] ?? [] };
      await whileAnswering?.(role);
      return sendJson(res, 200, answer);
    }
    if (url.pathname === '/api/v1/users/internal/134/') return sendJson(res, 200, { id: 134, first_name: 'Nina', last_name: 'New' });
    res.writeHead(404).end();
  });
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await standIn.close();
  await t.drop();
});

const client = () => createAuthServiceClient({ baseUrl: standIn.url, timeoutMs: 5000, failureThreshold: 2, cooldownMs: 60_000, cacheTtlMs: 0 });
const activeMembers = async (roleId: number) =>
  (await t.db.select({ userId: roleUsers.userId }).from(roleUsers).where(and(eq(roleUsers.roleId, roleId), eq(roleUsers.isActive, true))))
    .map((r) => r.userId)
    .sort();

describe('reconcileRoleMembers', () => {
  it("follows the Auth Service's users by role, naming newcomers, and skips a suspect empty answer", async () => {
    const result = await reconcileRoleMembers(t.db, client());
    expect(result).toEqual({ roles: 4, activated: 1, deactivated: 1, stoppedBecause: null });
    expect(await activeMembers(4)).toEqual([131, 133, 134]);
    const [nina] = await t.db.select().from(roleUsers).where(eq(roleUsers.userId, 134));
    expect(nina.userFullName).toBe('Nina New');
    expect(await activeMembers(5)).toEqual([141, 142]);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'role.members_reconciled'));
    expect(audit.map((a) => a.data)).toEqual([{ activated: [134], deactivated: [132], source: 'auth-service' }]);
    expect(standIn.requests).toContain('/api/v1/tts/round-robin/?role=Asset+Manager&system=tts');

    // Nothing changed since: a second run changes nothing.
    expect(await reconcileRoleMembers(t.db, client())).toMatchObject({ activated: 0, deactivated: 0 });
  });

  it('changes nothing when the Auth Service is down', async () => {
    isDown = true;
    try {
      byRole['Asset Manager'] = [131];
      const result = await reconcileRoleMembers(t.db, client());
      expect(result.stoppedBecause).toMatch(/Auth Service unavailable/);
      expect(result.deactivated).toBe(0);
      expect(await activeMembers(4)).toEqual([131, 133, 134]);
    } finally {
      isDown = false;
    }
  });

  it('does not undo a role-sync change that lands while the Auth Service is answering', async () => {
    // The answer still lists 131, but a sync message deactivating 131 commits meanwhile.
    byRole['Asset Manager'] = [131, 133, 134];
    whileAnswering = async (role) => {
      if (role !== 'Asset Manager') return;
      whileAnswering = null;
      await t.db.transaction((tx) => upsertRoleUser(tx, { roleId: 4, userId: 131, isActive: false }));
    };
    const result = await reconcileRoleMembers(t.db, client());
    expect(whileAnswering).toBeNull();
    expect(result.activated).toBe(0);
    expect(await activeMembers(4)).toEqual([133, 134]);
  });
});
