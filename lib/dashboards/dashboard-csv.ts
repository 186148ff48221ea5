import { toCsv } from '../csv';
import type { Dashboard } from './get-dashboard';

export const DASHBOARD_CHARTS = [
  'compliance-by-workflow',
  'compliance-by-step',
  'compliance-by-priority',
  'sla-events',
  'backlog',
  'workload',
  'throughput',
  'step-medians',
] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

const pct = (share: number | null) => (share === null ? '' : (share * 100).toFixed(1));

/** One chart of the dashboard as CSV: the same rows its table shows. */
export function dashboardCsv(d: Dashboard, chart: DashboardChart): string {
  switch (chart) {
    case 'compliance-by-workflow':
      return toCsv(
        ['workflow_id', 'workflow', 'items_resolved', 'items_in_sla', 'items_in_sla_pct', 'tasks_resolved', 'tasks_in_sla', 'tasks_in_sla_pct'],
        d.compliance.byWorkflow.map((r) => [r.workflowId, r.workflow, r.itemsResolved, r.itemsInSla, pct(r.itemShare), r.tasksResolved, r.tasksInSla, pct(r.taskShare)]),
      );
    case 'compliance-by-step':
      return toCsv(
        ['workflow_id', 'workflow', 'step_key', 'step', 'items_resolved', 'items_in_sla', 'items_in_sla_pct'],
        d.compliance.byStep.map((r) => [r.workflowId, r.workflow, r.stepKey, r.step, r.resolved, r.inSla, pct(r.share)]),
      );
    case 'compliance-by-priority':
      return toCsv(
        ['priority', 'items_resolved', 'items_in_sla', 'items_in_sla_pct', 'tasks_resolved', 'tasks_in_sla', 'tasks_in_sla_pct'],
        d.compliance.byPriority.map((r) => [r.priority, r.itemsResolved, r.itemsInSla, pct(r.itemShare), r.tasksResolved, r.tasksInSla, pct(r.taskShare)]),
      );
    case 'sla-events':
      return toCsv(['day', 'breaches', 'warnings'], d.slaEvents.map((r) => [r.day, r.breached, r.warned]));
    case 'backlog':
      return toCsv(
        ['workflow_id', 'workflow', 'step_key', 'step', 'under_1_day', '1_to_3_days', '3_to_7_days', 'over_7_days', 'total'],
        d.backlog.map((r) => [r.workflow_id, r.workflow, r.step_key, r.step, r.under_1d, r.d1_3, r.d3_7, r.over_7d, r.total]),
      );
    case 'workload':
      return toCsv(['user_id', 'name', 'open', 'at_risk', 'breached'], d.workload.map((r) => [r.user_id, r.name, r.open, r.at_risk, r.breached]));
    case 'throughput':
      return toCsv(['day', 'created', 'resolved'], d.throughput.map((r) => [r.day, r.created, r.resolved]));
    case 'step-medians':
      return toCsv(
        ['workflow_id', 'workflow', 'step_key', 'step', 'items_resolved', 'median_seconds'],
        d.medians.map((r) => [r.workflow_id, r.workflow, r.step_key, r.step, r.n, r.median_seconds === null ? '' : Math.round(r.median_seconds)]),
      );
  }
}
