import { auth } from '@/auth';
import { exportAuditCsv } from '@/lib/admin/list-audit-events';
import { auditQuerySchema } from '@/lib/admin/schemas';
import { getDb } from '@/lib/db/client';
import { AppError, parseWith } from '@/lib/errors';
import { firstValues } from '../../search-params';

export const dynamic = 'force-dynamic';

/**
 * The audit log as CSV, with the audit page's filters (its URL's query), every matching event up
 * to 50,000, newest first. Admins only (the session of the signed-in admin; proxy.ts answers others 404).
 */
export async function GET(req: Request) {
  const session = await auth();
  const actorUserId = Number(session?.user?.id);
  if (!session?.user?.id || !Number.isSafeInteger(actorUserId)) return new Response('Sign in first.\n', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  try {
    const { before: _before, limit: _limit, ...filters } = firstValues(Object.fromEntries(new URL(req.url).searchParams));
    void [_before, _limit];
    const query = parseWith(auditQuerySchema, filters);
    const csv = await exportAuditCsv(getDb(), { ...query, actorUserId });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="tts-audit-${stamp}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'FORBIDDEN') return new Response('Not found.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const detail = err.issues?.length ? err.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : err.message;
    return new Response(`${detail}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
}
