import { auth } from '@/auth';
import { DASHBOARD_CHARTS, type DashboardChart, dashboardCsv } from '@/lib/dashboards/dashboard-csv';
import { getDashboard } from '@/lib/dashboards/get-dashboard';
import { dashboardQuerySchema } from '@/lib/dashboards/schemas';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const text = (status: number, body: string) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * One dashboard chart's rows as a CSV download, for the same filters as the page's URL
 * (`/dashboard/export?chart=backlog&from=2026-11-01&to=2026-11-30&workflow=3`). Signed-in admins and
 * Ticket Coordinators only; for anyone else it does not exist.
 */
export async function GET(req: Request) {
  const session = await auth();
  if (!session?.user?.id) return text(401, 'Sign in to download dashboard data.');
  const sp = new URL(req.url).searchParams;
  const chart = sp.get('chart') ?? '';
  if (!DASHBOARD_CHARTS.includes(chart as DashboardChart)) return text(400, `chart: must be one of ${DASHBOARD_CHARTS.join(', ')}`);
  const parsed = dashboardQuerySchema.safeParse({ from: sp.get('from') || undefined, to: sp.get('to') || undefined, workflow: sp.get('workflow') || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return text(400, `${String(issue.path[0] ?? 'filter')}: ${issue.message}`);
  }
  let dashboard;
  try {
    dashboard = await getDashboard(getDb(), { actorUserId: Number(session.user.id), query: parsed.data });
  } catch (err) {
    if (err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) return text(404, 'Not found.');
    throw err;
  }
  const name = `${chart}_${dashboard.range.from}_${dashboard.range.to}${dashboard.range.workflowId ? `_workflow-${dashboard.range.workflowId}` : ''}.csv`;
  return new Response(dashboardCsv(dashboard, chart as DashboardChart), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
}
