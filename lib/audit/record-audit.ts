import type { DbOrTx } from '../db/client';
import { auditEvents } from '../db/schema';

export interface AuditParams {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  data?: Record<string, unknown>;
  at?: Date;
}

/** Appends an audit event; call it in the transaction of the change it records. */
export async function recordAudit(db: DbOrTx, p: AuditParams): Promise<void> {
  await db.insert(auditEvents).values({
    actorUserId: p.actorUserId,
    action: p.action,
    entityType: p.entityType,
    entityId: String(p.entityId),
    data: p.data ?? {},
    ...(p.at ? { createdAt: p.at } : {}),
  });
}
