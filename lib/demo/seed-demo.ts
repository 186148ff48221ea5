import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import type { Db } from '../db/client';
import { type EndLogic, type WorkflowGraph, roleUsers, roles, users, workflows } from '../db/schema';
import { publishWorkflowVersion } from '../workflows/publish-workflow';

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_ROLES = [
  { id: 1, name: 'Admin' },
  { id: 2, name: 'Super Admin' },
  { id: 3, name: 'Ticket Coordinator' },
  { id: 4, name: 'Asset Manager' },
  { id: 5, name: 'Budget Manager' },
] as const;

export const DEMO_USERS = [
  { id: 101, fullName: 'Alice Admin', email: 'alice.admin@tts.local', roleId: 1 },
  { id: 102, fullName: 'Arthur Admin', email: 'arthur.admin@tts.local', roleId: 1 },
  { id: 111, fullName: 'Sofia Super', email: 'sofia.super@tts.local', roleId: 2 },
  { id: 112, fullName: 'Simon Super', email: 'simon.super@tts.local', roleId: 2 },
  { id: 121, fullName: 'Carla Coordinator', email: 'carla.coord@tts.local', roleId: 3 },
  { id: 122, fullName: 'Chris Coordinator', email: 'chris.coord@tts.local', roleId: 3 },
  { id: 131, fullName: 'Maya Asset', email: 'maya.asset@tts.local', roleId: 4 },
  { id: 132, fullName: 'Marco Asset', email: 'marco.asset@tts.local', roleId: 4 },
  { id: 133, fullName: 'Mina Asset', email: 'mina.asset@tts.local', roleId: 4 },
  { id: 141, fullName: 'Bruno Budget', email: 'bruno.budget@tts.local', roleId: 5 },
  { id: 142, fullName: 'Bea Budget', email: 'bea.budget@tts.local', roleId: 5 },
] as const;

const HOUR = 3600;
export const DEMO_SLA = { Critical: 4 * HOUR, High: 8 * HOUR, Medium: 48 * HOUR, Low: 120 * HOUR };

interface DemoWorkflow {
  name: string;
  department: string;
  category: string;
  subCategory: string | null;
  resolverRoleId: number;
  endLogic: EndLogic;
}

export const DEMO_WORKFLOWS: DemoWorkflow[] = [
  { name: 'Asset Check In', department: 'Asset Department', category: 'Asset Check In', subCategory: null, resolverRoleId: 4, endLogic: 'asset' },
  { name: 'Asset Check Out', department: 'Asset Department', category: 'Asset Check Out', subCategory: null, resolverRoleId: 4, endLogic: 'asset' },
  { name: 'New Budget Proposal', department: 'Budget Department', category: 'New Budget Proposal', subCategory: null, resolverRoleId: 5, endLogic: 'budget' },
  { name: 'IT Support Access Request', department: 'IT Department', category: 'IT Support', subCategory: 'Access Request', resolverRoleId: 4, endLogic: 'none' },
  { name: 'IT Support Software Installation', department: 'IT Department', category: 'IT Support', subCategory: 'Software Installation', resolverRoleId: 4, endLogic: 'none' },
];

/** Triage (Admin) -> Resolve -> Finalize (Admin); Reject loops back to Triage; Admin is the escalation role. */
export function demoGraph(resolverRoleId: number): WorkflowGraph {
  return {
    steps: [
      { key: 'triage', name: 'Triage', roleId: 1, escalateToRoleId: 1, instruction: 'Check the request is complete and send it on.', weight: 1, order: 1, isStart: true },
      { key: 'resolve', name: 'Resolve', roleId: resolverRoleId, escalateToRoleId: 1, instruction: 'Decide the request: approve it, or reject it back to triage with the reason.', weight: 2, order: 2 },
      { key: 'finalize', name: 'Finalize', roleId: 1, escalateToRoleId: 1, instruction: 'Confirm the outcome with the requester and complete the ticket.', weight: 1, order: 3, isEnd: true },
    ],
    transitions: [
      { key: 'submit', name: 'Submit', from: 'triage', to: 'resolve' },
      { key: 'approve', name: 'Approve', from: 'resolve', to: 'finalize' },
      { key: 'reject', name: 'Reject', from: 'resolve', to: 'triage' },
      { key: 'complete', name: 'Complete', from: 'finalize', to: null },
    ],
  };
}

/**
 * Demo roles, users (password DEMO_PASSWORD) and the five workflows of the original system.
 * Idempotent: rows that exist are left as they are, so it runs on every start.
 */
export async function seedDemo(db: Db, o: { /** DEMO_PASSWORD already hashed (tests hash it once per run). */ passwordHash?: string } = {}): Promise<void> {
  const passwordHash = o.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  await db.transaction(async (tx) => {
    // One seeder at a time (two processes starting together).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tts.seed-demo'))`);
    await tx.insert(roles).values(DEMO_ROLES.map((r) => ({ ...r }))).onConflictDoNothing();
    await tx
      .insert(users)
      .values(DEMO_USERS.map((u) => ({ id: u.id, email: u.email, fullName: u.fullName, passwordHash })))
      .onConflictDoNothing();
    await tx
      .insert(roleUsers)
      .values(DEMO_USERS.map((u) => ({ roleId: u.roleId, userId: u.id, userFullName: u.fullName })))
      .onConflictDoNothing();
    for (const w of DEMO_WORKFLOWS) {
      const [existing] = await tx.select({ id: workflows.id }).from(workflows).where(eq(workflows.name, w.name));
      if (existing) continue;
      const [wf] = await tx
        .insert(workflows)
        .values({
          name: w.name,
          description: `${w.name} requests from HDTS`,
          department: w.department,
          category: w.category,
          subCategory: w.subCategory,
          slaSeconds: DEMO_SLA,
          endLogic: w.endLogic,
          graph: demoGraph(w.resolverRoleId),
        })
        .returning({ id: workflows.id });
      await publishWorkflowVersion(tx, wf.id, null);
    }
  });
}
