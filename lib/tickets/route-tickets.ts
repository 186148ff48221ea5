import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { roles, steps, taskItemHistory, taskItems, tasks, tickets, workflowVersions, workflows } from '../db/schema';
import { type AuditParams, recordAudits } from '../audit/record-audit';
import { executePrepared } from '../db/execute-prepared';
import { insertRows } from '../db/insert-rows';
import { getEnv } from '../env';
import { createNotifications } from '../notifications/create-notifications';
import { publishRealtime } from '../realtime/publish';
import { findRoleIdByName, takeTurnsMany } from '../roles/take-turns';
import { slaWindow, stepSeconds } from '../sla/targets';
import { type DeployedWorkflow, listDeployedWorkflows, pickWorkflow } from './match-workflow';
import { queueStatusSyncs } from './set-ticket-status';

export const COORDINATOR_ROLE = 'Ticket Coordinator';

/** How many pending tickets one routing transaction claims by default. */
export const ROUTE_BATCH_SIZE = 500;

export type RouteTicketResult =
  | { outcome: 'routed'; taskId: number; taskItemId: number }
  | { outcome: 'unrouted'; reason: string }
  | { outcome: 'already_done' };

/** What routing reads of a ticket (not its payload: a routed batch has no use for it). */
const ROUTING_COLUMNS = {
  id: tickets.id,
  ticketNumber: tickets.ticketNumber,
  subject: tickets.subject,
  department: tickets.department,
  category: tickets.category,
  subCategory: tickets.subCategory,
  priority: tickets.priority,
  status: tickets.status,
  routingStatus: tickets.routingStatus,
};
export type RoutableTicket = Pick<typeof tickets.$inferSelect, keyof typeof ROUTING_COLUMNS>;
type Ticket = RoutableTicket;

export interface RouteTicketsResult {
  /** Pending tickets this call claimed (0: the queue was empty, or all pending ones are being routed elsewhere). */
  claimed: number;
  routed: number;
  unrouted: number;
}

/**
 * Routing as a set: claims up to `limit` pending tickets in arrival order (`FOR UPDATE SKIP
 * LOCKED`, so any number of routing workers and worker processes run at once, each on tickets no
 * other holds) and routes them in one transaction (routeLockedTickets). The tickets table's
 * routing state is the queue: a ticket stays `pending` until the transaction that routes it
 * commits, so a crash mid-batch leaves the whole batch pending for the next claim.
 */
export async function routeTickets(db: Db, options: { limit?: number; now?: Date } = {}): Promise<RouteTicketsResult> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .select(ROUTING_COLUMNS)
      .from(tickets)
      .where(eq(tickets.routingStatus, 'pending'))
      .orderBy(asc(tickets.id))
      .limit(options.limit ?? ROUTE_BATCH_SIZE)
      .for('update', { skipLocked: true });
    const results = await routeLockedTickets(tx, claimed, { now: options.now ?? new Date() });
    const outcomes = [...results.values()];
    return {
      claimed: claimed.length,
      routed: outcomes.filter((r) => r.outcome === 'routed').length,
      unrouted: outcomes.filter((r) => r.outcome === 'unrouted').length,
    };
  });
}

interface Plan {
  ticket: Ticket;
  workflow: DeployedWorkflow;
  version: typeof workflowVersions.$inferSelect;
  start: typeof steps.$inferSelect;
  totalWeight: number;
}

/**
 * Routes tickets the caller has locked (`FOR UPDATE`), in its transaction, with a fixed number of
 * statements however many there are: matches each against the deployed workflows (read once),
 * starts a task on the workflow's current version at its start step, takes the first assignees
 * round robin (k consecutive turns per role, one cursor lock per role) and the coordinators (the
 * coordinator role's own `owner` cursor), then writes tasks, items, history, the assignment
 * notifications, status syncs and audit events as multi-row inserts. A ticket with no match, or
 * nobody to assign, is kept as unrouted with the reason, never dropped; one already routed is
 * left alone. `byHand` routes to that deployed workflow instead of the matched one.
 */
export async function routeLockedTickets(
  tx: Tx,
  locked: RoutableTicket[],
  o: { now: Date; byHand?: { workflow: DeployedWorkflow; actorUserId: number } },
): Promise<Map<number, RouteTicketResult>> {
  const { now } = o;
  const results = new Map<number, RouteTicketResult>();
  const unrouted: Array<{ ticket: Ticket; reason: string; isAudited: boolean }> = [];
  const todo = locked.filter((t) => {
    if (t.routingStatus !== 'routed') return true;
    results.set(t.id, { outcome: 'already_done' });
    return false;
  });
  if (todo.length === 0) return results;

  // Match, and read every deployed workflow's current version and steps: one round trip.
  const [deployed, versionRows] = await Promise.all([
    o.byHand ? [o.byHand.workflow] : listDeployedWorkflows(tx),
    tx
      .select({ version: workflowVersions, step: steps })
      .from(workflowVersions)
      .innerJoin(steps, eq(steps.workflowVersionId, workflowVersions.id))
      .where(
        o.byHand?.workflow.currentVersionId != null
          ? eq(workflowVersions.id, o.byHand.workflow.currentVersionId)
          : inArray(workflowVersions.id, tx.select({ id: workflows.currentVersionId }).from(workflows).where(eq(workflows.status, 'deployed'))),
      ),
  ]);
  const matched = todo.map((ticket) => ({ ticket, workflow: o.byHand ? o.byHand.workflow : pickWorkflow(deployed, ticket) }));
  const versions = new Map(versionRows.map((r) => [r.version.id, r.version]));
  const versionSteps = versionRows.map((r) => r.step);

  const plans: Plan[] = [];
  for (const { ticket, workflow } of matched) {
    const version = workflow?.currentVersionId != null ? versions.get(workflow.currentVersionId) : undefined;
    if (!workflow || !version) {
      const reason =
        `No deployed workflow for department "${ticket.department}", category "${ticket.category}"` +
        (ticket.subCategory ? `, sub_category "${ticket.subCategory}"` : '');
      unrouted.push({ ticket, reason, isAudited: true });
      continue;
    }
    const ofVersion = versionSteps.filter((s) => s.workflowVersionId === version.id);
    const start = ofVersion.find((s) => s.isStart);
    if (!start) {
      unrouted.push({ ticket, reason: `Workflow "${workflow.name}" has no start step`, isAudited: true });
      continue;
    }
    plans.push({ ticket, workflow, version, start, totalWeight: ofVersion.reduce((sum, s) => sum + s.weight, 0) });
  }

  // Round robin: k tickets of a role take k consecutive turns of its step cursor; the owners come
  // from the coordinator role's own cursor, one per ticket that found an assignee. All cursors
  // are locked in one statement, in a fixed order, so two batches never wait for each other.
  const byRole = new Map<number, Plan[]>();
  for (const p of plans) byRole.set(p.start.roleId, [...(byRole.get(p.start.roleId) ?? []), p]);
  const stepRoles = [...byRole.keys()];
  const coordinatorRoleId = plans.length ? await findRoleIdByName(tx, COORDINATOR_ROLE) : null;
  const turns = await takeTurnsMany(tx, [
    ...stepRoles.map((roleId) => ({ roleId, purpose: 'step' as const, count: byRole.get(roleId)!.length })),
    ...(coordinatorRoleId === null
      ? []
      : [{ roleId: coordinatorRoleId, purpose: 'owner' as const, count: (before: Array<unknown[]>) => before.reduce((n, t) => n + t.length, 0) }]),
  ]);
  const assignee = new Map<Plan, number>();
  stepRoles.forEach((roleId, r) => {
    byRole.get(roleId)!.forEach((p, i) => {
      if (turns[r][i]) assignee.set(p, turns[r][i].userId);
      // The old per-ticket routing kept this case out of the audit log: no task was started.
      else unrouted.push({ ticket: p.ticket, reason: `No active member in the role of step "${p.start.name}"`, isAudited: false });
    });
  });
  const routed = plans.filter((p) => assignee.has(p));
  const owners = coordinatorRoleId === null ? [] : turns[stepRoles.length];

  const share = getEnv().SLA_WARNING_SHARE;
  if (routed.length) {
    const taskRows = await insertRows(
      tx,
      tasks,
      routed.map((p, i) => ({
          ticketId: p.ticket.id,
          workflowId: p.workflow.id,
          workflowVersionId: p.version.id,
          currentStepId: p.start.id,
          status: 'pending' as const,
          ownerUserId: owners[i]?.userId ?? null,
          targetResolution: slaWindow(now, p.version.slaSeconds[p.ticket.priority], p.version.warningShare ?? share, p.version.calendar ?? null).targetAt,
          startedAt: now,
      })),
      // Cannot conflict while the caller holds the tickets' locks (a task exists only for a routed
      // ticket); kept so a broken invariant shows as "already done", never as a second task.
      { onConflictDoNothing: sql`(ticket_id)`, returning: ['id', 'ticketId', 'ownerUserId'] },
    );
    const taskOf = new Map(taskRows.map((r) => [r.ticketId, r]));
    const ownerOfTask = new Map(taskRows.map((r) => [r.id, r.ownerUserId]));
    const started = routed.filter((p) => {
      if (taskOf.has(p.ticket.id)) return true;
      results.set(p.ticket.id, { outcome: 'already_done' });
      return false;
    });

    const itemRows = started.length
      ? await insertRows(
          tx,
          taskItems,
          started.map((p) => {
              const sla = p.version.slaSeconds[p.ticket.priority];
              const w = slaWindow(now, stepSeconds(sla, p.start.weight, p.totalWeight), p.version.warningShare ?? share, p.version.calendar ?? null);
              return {
                taskId: taskOf.get(p.ticket.id)!.id,
                stepId: p.start.id,
                roleId: p.start.roleId,
                userId: assignee.get(p)!,
                origin: 'system' as const,
                status: 'new' as const,
                assignedAt: now,
                targetAt: w.targetAt,
                warnAt: w.warnAt,
                // The dashboards' copies, given here so the insert trigger need not look them up row by row.
                workflowId: p.version.workflowId,
                stepKey: p.start.key,
                priority: p.ticket.priority,
              };
            }),
          { returning: ['id', 'taskId', 'userId', 'targetAt'] },
        )
      : [];
    const itemOf = new Map(itemRows.map((r) => [r.taskId, r]));

    if (started.length) {
      const roleNames = new Map(
        (await tx.select({ id: roles.id, name: roles.name }).from(roles).where(inArray(roles.id, stepRoles))).map((r) => [r.id, r.name]),
      );
      // Independent writes, sent together (postgres.js pipelines them on the transaction's connection).
      await Promise.all([
        // task-item:changed for the assignees' and coordinators' open pages (realtime, on commit).
        publishRealtime(
          tx,
          itemRows.map((i) => {
            const ownerUserId = ownerOfTask.get(i.taskId);
            return { k: 'task_item' as const, id: i.id, status: 'new', users: [...new Set([i.userId, ...(ownerUserId != null ? [ownerUserId] : [])])] };
          }),
        ),
        insertRows(
          tx,
          taskItemHistory,
          started.map((p) => ({
            taskItemId: itemOf.get(taskOf.get(p.ticket.id)!.id)!.id,
            status: 'new' as const,
            action: 'assigned',
            actorUserId: null,
            details: { step: p.start.name, role_id: p.start.roleId },
            createdAt: now,
          })),
        ),
        // Routing state, workflow and status 'Open' in one update; a status that changed is synced to HDTS.
        executePrepared(
          tx,
          sql`
          update ${tickets} set routing_status = 'routed', routing_note = null, status = 'Open', updated_at = ${now.toISOString()}::timestamptz,
            workflow_id = v.workflow_id
          from jsonb_to_recordset(${JSON.stringify(started.map((p) => ({ id: p.ticket.id, workflow_id: p.workflow.id })))}::jsonb) as v(id int, workflow_id int)
          where ${tickets.id} = v.id`,
        ),
        queueStatusSyncs(
          tx,
          started.filter((p) => p.ticket.status !== 'Open').map((p) => p.ticket.ticketNumber),
          'Open',
        ),
        // One batched call for the whole set (issue 7 extends createNotifications with email jobs).
        createNotifications(
          tx,
          started.map((p) => {
            const item = itemOf.get(taskOf.get(p.ticket.id)!.id)!;
            return {
              type: 'task_assignment' as const,
              userId: item.userId,
              event: `item:${item.id}`,
              actorUserId: null,
              taskItemId: item.id,
              context: {
                ticketNumber: p.ticket.ticketNumber,
                ticketSubject: p.ticket.subject,
                priority: p.ticket.priority,
                workflowName: p.version.name,
                stepName: p.start.name,
                roleName: roleNames.get(p.start.roleId) ?? null,
                targetAt: item.targetAt,
                note: null,
                taskId: item.taskId,
                fromUserId: null,
              },
              at: now,
            };
          }),
        ),
      ]);
      for (const p of started) {
        const task = taskOf.get(p.ticket.id)!;
        results.set(p.ticket.id, { outcome: 'routed', taskId: task.id, taskItemId: itemOf.get(task.id)!.id });
      }
    }

    const audits: AuditParams[] = started.map((p) => {
      const task = taskOf.get(p.ticket.id)!;
      return {
        actorUserId: o.byHand?.actorUserId ?? null,
        action: o.byHand ? 'ticket.routed_by_hand' : 'ticket.routed',
        entityType: 'ticket',
        entityId: p.ticket.ticketNumber,
        data: { workflowId: p.workflow.id, version: p.version.version, taskId: task.id, assignee: assignee.get(p)!, owner: task.ownerUserId },
        at: now,
      };
    });
    await recordAudits(tx, [...audits, ...unroutedAudits(unrouted, now)]);
  } else {
    await recordAudits(tx, unroutedAudits(unrouted, now));
  }

  if (unrouted.length) {
    await tx
      .update(tickets)
      .set({ routingStatus: 'unrouted', updatedAt: now, routingNote: sql`case ${tickets.id} ${sql.join(unrouted.map((u) => sql`when ${u.ticket.id} then ${u.reason}::text`), sql` `)} end` })
      .where(inArray(tickets.id, unrouted.map((u) => u.ticket.id)));
    // (Unrouted tickets are the exception, a few at a time: the builder's cost does not matter here.)
    for (const u of unrouted) results.set(u.ticket.id, { outcome: 'unrouted', reason: u.reason });
  }
  return results;
}

function unroutedAudits(unrouted: Array<{ ticket: Ticket; reason: string; isAudited: boolean }>, now: Date): AuditParams[] {
  return unrouted
    .filter((u) => u.isAudited)
    .map((u) => ({ actorUserId: null, action: 'ticket.unrouted', entityType: 'ticket', entityId: u.ticket.ticketNumber, data: { reason: u.reason }, at: now }));
}
