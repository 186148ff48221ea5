import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditEvents } from '../db/schema';
import { insertRows, insertRowsQuery } from '../db/insert-rows';

export interface AuditParams {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  data?: Record<string, unknown>;
  at?: Date;
}

// One jsonb parameter per statement; chunks keep each statement's JSON a few hundred KB.
const CHUNK = 1000;

/** Appends an audit event; call it in the transaction of the change it records. */
export async function recordAudit(db: DbOrTx, p: AuditParams): Promise<void> {
  await recordAudits(db, [p]);
}

/** Appends many audit events in one statement per 1,000 (a routed batch, a group commit). */
export async function recordAudits(db: DbOrTx, events: AuditParams[]): Promise<void> {
  const rows = events.map(auditRow);
  for (let i = 0; i < rows.length; i += CHUNK) await insertRows(db, auditEvents, rows.slice(i, i + CHUNK));
}

/**
 * The insert of one audit event as part of a larger statement (a CTE), made only where `where`
 * holds: for a change that is itself one statement, recorded in the same one.
 */
export function recordAuditQuery(p: AuditParams, where: SQL): SQL {
  return insertRowsQuery(auditEvents, [auditRow(p)], { where });
}

function auditRow(p: AuditParams): typeof auditEvents.$inferInsert {
  return {
    actorUserId: p.actorUserId,
    action: p.action,
    entityType: p.entityType,
    entityId: String(p.entityId),
    data: p.data ?? {},
    ...(p.at ? { createdAt: p.at } : {}),
  };
}
