import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { requireAdmin } from '../auth/roles';
import { toCsv } from '../csv';
import type { DbOrTx } from '../db/client';
import { auditEvents } from '../db/schema';
import { listDisplayNames } from '../users/list-display-names';
import type { AuditQuery } from './schemas';

/**
 * The audit log for admins, newest first, filtered by actor, entity (type, id), action and time;
 * paged by id (`before`). Actor names are resolved for display (null actor = the system).
 */
export async function listAuditEvents(db: DbOrTx, p: AuditQuery & { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Reading the audit log');
  const where: SQL[] = [];
  if (p.actor !== undefined) where.push(eq(auditEvents.actorUserId, p.actor));
  if (p.entity_type) where.push(eq(auditEvents.entityType, p.entity_type));
  if (p.entity_id) where.push(eq(auditEvents.entityId, p.entity_id));
  if (p.action) where.push(eq(auditEvents.action, p.action));
  if (p.from) where.push(gte(auditEvents.createdAt, p.from));
  if (p.to) where.push(lt(auditEvents.createdAt, p.to));
  if (p.before) where.push(lt(auditEvents.id, p.before));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(p.limit + 1);
  const page = rows.slice(0, p.limit);
  const names = await listDisplayNames(db, [...new Set(page.flatMap((r) => (r.actorUserId === null ? [] : [r.actorUserId])))]);
  return {
    events: page.map((r) => ({ ...r, actorName: r.actorUserId === null ? null : (names.get(r.actorUserId) ?? null) })),
    nextBefore: rows.length > p.limit ? page[page.length - 1].id : null,
  };
}

export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>['events'][number];

/** The same filtered log as CSV, every page of it up to `max` events. */
export async function exportAuditCsv(db: DbOrTx, p: AuditQuery & { actorUserId: number; max?: number }): Promise<string> {
  const max = p.max ?? 50_000;
  const all: AuditEventRow[] = [];
  let before = p.before;
  while (all.length < max) {
    const page = await listAuditEvents(db, { ...p, before, limit: Math.min(500, max - all.length) });
    all.push(...page.events);
    if (page.nextBefore === null) break;
    before = page.nextBefore;
  }
  return toCsv(
    ['id', 'created_at', 'actor_user_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'data'],
    all.map((e) => [e.id, e.createdAt, e.actorUserId, e.actorName, e.action, e.entityType, e.entityId, JSON.stringify(e.data)]),
  );
}
