import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { BarRows, DayLines, Legend, type Series } from '@/components/dashboard/charts';
import { ChartCard } from '@/components/dashboard/chart-card';
import { LocalTime } from '@/components/time/local-time';
import { formatDuration } from '@/components/time/format';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Input, Label, Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { type DashboardChart } from '@/lib/dashboards/dashboard-csv';
import { getDashboard } from '@/lib/dashboards/get-dashboard';
import { addDays, dashboardQuerySchema, type DashboardQuery, utcDay } from '@/lib/dashboards/schemas';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dashboard' };

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The filters from the URL; a bad one is said in a sentence and the defaults are used instead. */
function parseQuery(sp: Params): { query: DashboardQuery; problem: string | null } {
  const raw = { from: first(sp.from) || undefined, to: first(sp.to) || undefined, workflow: first(sp.workflow) || undefined };
  const parsed = dashboardQuerySchema.safeParse(raw);
  if (parsed.success) return { query: parsed.data, problem: null };
  const issue = parsed.error.issues[0];
  const field = { from: 'The start date', to: 'The end date', workflow: 'The workflow' }[String(issue.path[0])] ?? 'A filter';
  return { query: {}, problem: `${field} ${issue.message}, so the last 30 days of every workflow are shown.` };
}

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);
const pctValue = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

const COMPLIANCE: Series[] = [
  { key: 'items', label: 'Steps (task items) within SLA', tone: 'primary' },
  { key: 'tasks', label: 'Tickets (whole tasks) within SLA', tone: 'info' },
];
const AGES: Series[] = [
  { key: 'under_1d', label: '< 1 day', tone: 'success' },
  { key: 'd1_3', label: '1–3 days', tone: 'info' },
  { key: 'd3_7', label: '3–7 days', tone: 'warning' },
  { key: 'over_7d', label: '> 7 days', tone: 'danger' },
];
const LOAD: Series[] = [
  { key: 'on_track', label: 'On track', tone: 'primary' },
  { key: 'at_risk', label: 'At risk', tone: 'warning' },
  { key: 'breached', label: 'Breached', tone: 'danger' },
];
const EVENTS: Series[] = [
  { key: 'breached', label: 'Breaches', tone: 'danger' },
  { key: 'warned', label: 'Warnings', tone: 'warning' },
];
const FLOW: Series[] = [
  { key: 'created', label: 'Created', tone: 'info' },
  { key: 'resolved', label: 'Resolved', tone: 'success' },
];

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Params> }) {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const { query, problem } = parseQuery(await searchParams);
  const now = new Date();
  let d;
  try {
    d = await withDeadline(getDashboard(getDb(), { actorUserId: Number(session.user.id), query, now }), 10_000);
  } catch (err) {
    // Admins and Ticket Coordinators only: for anyone else the page does not exist.
    if (err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) notFound();
    throw err;
  }
  const filter = new URLSearchParams({ from: d.range.from, to: d.range.to, ...(d.range.workflowId ? { workflow: String(d.range.workflowId) } : {}) });
  const csv = (chart: DashboardChart) => `/dashboard/export?${new URLSearchParams({ chart, ...Object.fromEntries(filter) })}`;
  const workflowName = d.range.workflowId ? (d.workflows.find((w) => w.id === d.range.workflowId)?.name ?? `Workflow ${d.range.workflowId}`) : null;
  const today = utcDay(now);
  const quick = (days: number) => {
    const q = new URLSearchParams({ from: addDays(today, -(days - 1)), to: today, ...(d.range.workflowId ? { workflow: String(d.range.workflowId) } : {}) });
    return `/dashboard?${q}`;
  };
  const breaches = d.slaEvents.reduce((n, r) => n + r.breached, 0);
  const warnings = d.slaEvents.reduce((n, r) => n + r.warned, 0);
  const created = d.throughput.reduce((n, r) => n + r.created, 0);
  const resolved = d.throughput.reduce((n, r) => n + r.resolved, 0);
  const backlogTotal = d.backlog.reduce((n, r) => n + r.total, 0);
  const rangeText = `${d.range.from} to ${d.range.to}`;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <span>
            How the desk is doing{workflowName ? ` on ${workflowName}` : ''}, {rangeText} (days are UTC days). Backlog and workload are as of now: <LocalTime value={now.toISOString()} />.
          </span>
        }
      />
      {problem ? (
        <Alert tone="warning" className="mb-4">
          {problem}
        </Alert>
      ) : null}
      <Card className="mb-5">
        <CardContent>
          <form method="get" action="/dashboard" className="flex flex-wrap items-end gap-3" aria-label="Dashboard filters">
            <div className="grid gap-1.5">
              <Label htmlFor="dash-from">From</Label>
              <Input id="dash-from" name="from" type="date" defaultValue={d.range.from} className="w-40" />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="dash-to">To</Label>
              <Input id="dash-to" name="to" type="date" defaultValue={d.range.to} className="w-40" />
            </div>
            <div className="grid min-w-0 gap-1.5">
              <Label htmlFor="dash-workflow">Workflow</Label>
              <Select id="dash-workflow" name="workflow" defaultValue={d.range.workflowId ? String(d.range.workflowId) : ''} className="w-full max-w-xs sm:w-64">
                <option value="">All workflows</option>
                {d.workflows.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </Select>
            </div>
            <Button type="submit">Apply</Button>
            <nav aria-label="Quick ranges" className="flex flex-wrap gap-1 text-sm">
              {[7, 30, 90].map((n) => (
                <Button key={n} variant="ghost" size="sm" asChild>
                  <Link href={quick(n)}>Last {n} days</Link>
                </Button>
              ))}
            </nav>
          </form>
        </CardContent>
      </Card>

      <div className="grid gap-5 lg:grid-cols-2">
        <ChartCard
          id="compliance-by-workflow"
          title="SLA compliance by workflow"
          description="Share resolved within their target, of what was resolved in the range."
          csvHref={csv('compliance-by-workflow')}
          legend={<Legend series={COMPLIANCE} />}
          chart={
            <BarRows
              label={`SLA compliance by workflow: ${d.compliance.byWorkflow.map((r) => `${r.workflow}: steps ${pct(r.itemShare)}, tickets ${pct(r.taskShare)}`).join('; ')}`}
              rows={d.compliance.byWorkflow.map((r) => ({ key: String(r.workflowId), label: r.workflow, values: { items: pctValue(r.itemShare), tasks: pctValue(r.taskShare) } }))}
              series={COMPLIANCE}
              max={100}
              format={(v) => `${v.toFixed(0)} %`}
            />
          }
          rows={d.compliance.byWorkflow}
          rowKey={(r) => String(r.workflowId)}
          columns={[
            { label: 'Workflow', value: (r) => r.workflow },
            { label: 'Steps resolved', value: (r) => r.itemsResolved, numeric: true },
            { label: 'Steps within SLA', value: (r) => pct(r.itemShare), numeric: true },
            { label: 'Tickets resolved', value: (r) => r.tasksResolved, numeric: true },
            { label: 'Tickets within SLA', value: (r) => pct(r.taskShare), numeric: true },
          ]}
          empty={d.compliance.byWorkflow.length ? null : 'Nothing was resolved in this range.'}
        />
        <ChartCard
          id="compliance-by-priority"
          title="SLA compliance by priority"
          csvHref={csv('compliance-by-priority')}
          legend={<Legend series={COMPLIANCE} />}
          chart={
            <BarRows
              label={`SLA compliance by priority: ${d.compliance.byPriority.map((r) => `${r.priority}: steps ${pct(r.itemShare)}, tickets ${pct(r.taskShare)}`).join('; ')}`}
              rows={d.compliance.byPriority.map((r) => ({ key: r.priority, label: r.priority, values: { items: pctValue(r.itemShare), tasks: pctValue(r.taskShare) } }))}
              series={COMPLIANCE}
              max={100}
              format={(v) => `${v.toFixed(0)} %`}
            />
          }
          rows={d.compliance.byPriority}
          rowKey={(r) => r.priority}
          columns={[
            { label: 'Priority', value: (r) => r.priority },
            { label: 'Steps resolved', value: (r) => r.itemsResolved, numeric: true },
            { label: 'Steps within SLA', value: (r) => pct(r.itemShare), numeric: true },
            { label: 'Tickets resolved', value: (r) => r.tasksResolved, numeric: true },
            { label: 'Tickets within SLA', value: (r) => pct(r.taskShare), numeric: true },
          ]}
          empty={d.compliance.byPriority.some((r) => r.itemsResolved + r.tasksResolved > 0) ? null : 'Nothing was resolved in this range.'}
        />
        <ChartCard
          id="compliance-by-step"
          title="SLA compliance by step"
          description="Steps resolved within the step's own target."
          csvHref={csv('compliance-by-step')}
          chart={
            <BarRows
              label={`SLA compliance by step: ${d.compliance.byStep.map((r) => `${r.workflow} / ${r.step}: ${pct(r.share)}`).join('; ')}`}
              rows={d.compliance.byStep.map((r) => ({ key: `${r.workflowId}:${r.stepKey}`, label: `${r.workflow} / ${r.step}`, values: { items: pctValue(r.share) } }))}
              series={COMPLIANCE.slice(0, 1)}
              max={100}
              format={(v) => `${v.toFixed(0)} %`}
            />
          }
          rows={d.compliance.byStep}
          rowKey={(r) => `${r.workflowId}:${r.stepKey}`}
          columns={[
            { label: 'Workflow', value: (r) => r.workflow },
            { label: 'Step', value: (r) => r.step },
            { label: 'Resolved', value: (r) => r.resolved, numeric: true },
            { label: 'Within SLA', value: (r) => r.inSla, numeric: true },
            { label: 'Share', value: (r) => pct(r.share), numeric: true },
          ]}
          empty={d.compliance.byStep.length ? null : 'No step was resolved in this range.'}
        />
        <ChartCard
          id="step-medians"
          title="Median time per step"
          description="Working time from assignment to action, less time on hold, of steps resolved in the range."
          csvHref={csv('step-medians')}
          chart={
            <BarRows
              label={`Median time per step: ${d.medians.map((r) => `${r.workflow} / ${r.step}: ${r.median_seconds === null ? 'none' : formatDuration(r.median_seconds)}`).join('; ')}`}
              rows={d.medians.map((r) => ({ key: `${r.workflow_id}:${r.step_key}`, label: `${r.workflow} / ${r.step}`, values: { median: r.median_seconds } }))}
              series={[{ key: 'median', label: 'Median', tone: 'primary' }]}
              format={(v) => formatDuration(v)}
            />
          }
          rows={d.medians}
          rowKey={(r) => `${r.workflow_id}:${r.step_key}`}
          columns={[
            { label: 'Workflow', value: (r) => r.workflow },
            { label: 'Step', value: (r) => r.step },
            { label: 'Resolved', value: (r) => r.n, numeric: true },
            { label: 'Median', value: (r) => (r.median_seconds === null ? '—' : formatDuration(r.median_seconds)), numeric: true },
          ]}
          empty={d.medians.length ? null : 'No step was resolved in this range.'}
        />
        <ChartCard
          id="sla-events"
          title="Breaches and warnings over time"
          description={`${breaches} ${breaches === 1 ? 'breach' : 'breaches'} and ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} in the range.`}
          csvHref={csv('sla-events')}
          legend={<Legend series={EVENTS} />}
          chart={
            <DayLines
              label={`Breaches and warnings per day, ${rangeText}: ${breaches} breaches and ${warnings} warnings in all.`}
              days={d.slaEvents.map((r) => r.day)}
              values={d.slaEvents.map((r) => ({ breached: r.breached, warned: r.warned }))}
              series={EVENTS}
            />
          }
          rows={d.slaEvents}
          rowKey={(r) => r.day}
          columns={[
            { label: 'Day (UTC)', value: (r) => r.day },
            { label: 'Breaches', value: (r) => r.breached, numeric: true },
            { label: 'Warnings', value: (r) => r.warned, numeric: true },
          ]}
          empty={null}
        />
        <ChartCard
          id="throughput"
          title="Throughput"
          description={`${created} ${created === 1 ? 'ticket' : 'tickets'} started and ${resolved} resolved in the range.`}
          csvHref={csv('throughput')}
          legend={<Legend series={FLOW} />}
          chart={
            <DayLines
              label={`Tickets created and resolved per day, ${rangeText}: ${created} created and ${resolved} resolved in all.`}
              days={d.throughput.map((r) => r.day)}
              values={d.throughput.map((r) => ({ created: r.created, resolved: r.resolved }))}
              series={FLOW}
            />
          }
          rows={d.throughput}
          rowKey={(r) => r.day}
          columns={[
            { label: 'Day (UTC)', value: (r) => r.day },
            { label: 'Created', value: (r) => r.created, numeric: true },
            { label: 'Resolved', value: (r) => r.resolved, numeric: true },
          ]}
          empty={null}
        />
        <ChartCard
          id="backlog"
          title="Backlog by workflow and step"
          description={`${backlogTotal} open ${backlogTotal === 1 ? 'item' : 'items'} now, by how long they have waited on their step.`}
          csvHref={csv('backlog')}
          legend={<Legend series={AGES} />}
          chart={
            <BarRows
              stacked
              label={`Backlog now: ${d.backlog.map((r) => `${r.workflow} / ${r.step}: ${r.total} open`).join('; ')}`}
              rows={d.backlog.map((r) => ({ key: `${r.workflow_id}:${r.step_key}`, label: `${r.workflow} / ${r.step}`, values: { under_1d: r.under_1d, d1_3: r.d1_3, d3_7: r.d3_7, over_7d: r.over_7d } }))}
              series={AGES}
            />
          }
          rows={d.backlog}
          rowKey={(r) => `${r.workflow_id}:${r.step_key}`}
          columns={[
            { label: 'Workflow', value: (r) => r.workflow },
            { label: 'Step', value: (r) => r.step },
            { label: '< 1 day', value: (r) => r.under_1d, numeric: true },
            { label: '1–3 days', value: (r) => r.d1_3, numeric: true },
            { label: '3–7 days', value: (r) => r.d3_7, numeric: true },
            { label: '> 7 days', value: (r) => r.over_7d, numeric: true },
            { label: 'Open', value: (r) => r.total, numeric: true },
          ]}
          empty={d.backlog.length ? null : 'Nothing is open right now.'}
        />
        <ChartCard
          id="workload"
          title="Workload per agent"
          description="Open items each person holds now: at risk once the warning time passed, breached once the target did."
          csvHref={csv('workload')}
          legend={<Legend series={LOAD} />}
          chart={
            <BarRows
              stacked
              label={`Workload now: ${d.workload.map((r) => `${r.name}: ${r.open} open, ${r.at_risk} at risk, ${r.breached} breached`).join('; ')}`}
              rows={d.workload.map((r) => ({ key: String(r.user_id), label: r.name, values: { on_track: r.open - r.at_risk - r.breached, at_risk: r.at_risk, breached: r.breached } }))}
              series={LOAD}
            />
          }
          rows={d.workload}
          rowKey={(r) => String(r.user_id)}
          columns={[
            { label: 'Agent', value: (r) => r.name },
            { label: 'Open', value: (r) => r.open, numeric: true },
            { label: 'At risk', value: (r) => r.at_risk, numeric: true },
            { label: 'Breached', value: (r) => r.breached, numeric: true },
          ]}
          empty={d.workload.length ? null : 'Nobody holds an open item right now.'}
        />
      </div>
    </>
  );
}
