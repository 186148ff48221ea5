import { and, desc, eq, lt } from 'drizzle-orm';
import { requireAdmin } from '../../auth/roles';
import { keysetPage } from '../../paging';
import type { DbOrTx } from '../../db/client';
import { emailDeliveries } from '../../db/schema';
import { getEnv } from '../../env';
import type { ListOutboxQuery } from '../schemas';

/**
 * The local outbox: emails TTS would have sent had RESEND_API_KEY been set (delivery status
 * `outbox`), newest first, each with its address, subject and both bodies. Admins only.
 */
export async function listOutbox(db: DbOrTx, p: ListOutboxQuery & { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Reading the email outbox');
  const rows = await db
    .select()
    .from(emailDeliveries)
    .where(and(eq(emailDeliveries.status, 'outbox'), p.cursor ? lt(emailDeliveries.id, p.cursor) : undefined))
    .orderBy(desc(emailDeliveries.id))
    .limit(p.limit + 1);
  const { page, next_cursor } = keysetPage(rows, p.limit, (d) => d.id);
  const from = getEnv().EMAIL_FROM;
  return {
    items: page.map((d) => ({
      id: d.id,
      kind: d.kind,
      user_id: d.userId,
      notification_id: d.notificationId,
      notification_ids: d.notificationIds,
      to: d.toEmail,
      from,
      subject: d.subject,
      text: d.textBody,
      html: d.html,
      created_at: d.createdAt.toISOString(),
    })),
    next_cursor,
  };
}
