import { and, eq } from 'drizzle-orm';
import { requireAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { type WorkflowGraph, workflowVersions, workflows } from '../db/schema';
import { AppError, notFound } from '../errors';
import { stableJson } from '../workflows/workflow-json';
import { PRIORITIES_MOST_URGENT_FIRST } from '../tickets/priority';

/** The parts of a definition a version freezes, as diffDefinitions compares them. */
export type FrozenDefinition = Pick<typeof workflowVersions.$inferSelect, 'name' | 'slaSeconds' | 'endLogic' | 'calendar' | 'warningShare'> & {
  graph: WorkflowGraph;
};

export interface DefinitionChange {
  /** Where, in the editor's terms: `step triage`, `transition approve`, `sla_seconds.High`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** What it is about, for people: `Step "Triage": role`. */
  label: string;
  before: unknown;
  after: unknown;
}

const STEP_FIELDS = [
  ['name', 'name'],
  ['roleId', 'role'],
  ['escalateToRoleId', 'escalate_to'],
  ['instruction', 'instruction'],
  ['weight', 'weight'],
  ['order', 'order'],
  ['isStart', 'is_start'],
  ['isEnd', 'is_end'],
] as const;

/**
 * What changed from one definition to another: steps and transitions matched by key (added,
 * removed, or each changed field), the SLA per priority, warning share, end logic, calendar, name.
 */
export function diffDefinitions(a: FrozenDefinition, b: FrozenDefinition): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  const same = (x: unknown, y: unknown) => stableJson(x ?? null) === stableJson(y ?? null);
  const field = (path: string, label: string, before: unknown, after: unknown) => {
    if (!same(before, after)) changes.push({ path, kind: 'changed', label, before: before ?? null, after: after ?? null });
  };
  field('name', 'Name', a.name, b.name);
  for (const p of PRIORITIES_MOST_URGENT_FIRST) field(`sla_seconds.${p}`, `SLA for ${p} (seconds)`, a.slaSeconds[p], b.slaSeconds[p]);
  field('warning_share', 'Warning share', a.warningShare, b.warningShare);
  field('end_logic', 'End logic', a.endLogic, b.endLogic);
  field('calendar', 'Business-hours calendar', a.calendar, b.calendar);

  const aSteps = new Map(a.graph.steps.map((s) => [s.key, s]));
  const bSteps = new Map(b.graph.steps.map((s) => [s.key, s]));
  for (const [key, s] of aSteps) if (!bSteps.has(key)) changes.push({ path: `step ${key}`, kind: 'removed', label: `Step "${s.name}"`, before: s, after: null });
  for (const [key, s] of bSteps) {
    const old = aSteps.get(key);
    if (!old) {
      changes.push({ path: `step ${key}`, kind: 'added', label: `Step "${s.name}"`, before: null, after: s });
      continue;
    }
    for (const [prop, name] of STEP_FIELDS) {
      const norm = (v: unknown) => (v === undefined ? (prop === 'isStart' || prop === 'isEnd' ? false : prop === 'instruction' ? '' : null) : v);
      field(`step ${key}.${name}`, `Step "${s.name}": ${name}`, norm(old[prop]), norm(s[prop]));
    }
  }
  const aT = new Map(a.graph.transitions.map((t) => [t.key, t]));
  const bT = new Map(b.graph.transitions.map((t) => [t.key, t]));
  for (const [key, t] of aT) if (!bT.has(key)) changes.push({ path: `transition ${key}`, kind: 'removed', label: `Transition "${t.name}"`, before: t, after: null });
  for (const [key, t] of bT) {
    const old = aT.get(key);
    if (!old) {
      changes.push({ path: `transition ${key}`, kind: 'added', label: `Transition "${t.name}"`, before: null, after: t });
      continue;
    }
    for (const prop of ['name', 'from', 'to'] as const) field(`transition ${key}.${prop}`, `Transition "${t.name}": ${prop}`, old[prop], t[prop]);
  }
  return changes;
}

/**
 * What changed between two versions of a workflow (`from` older, `to` newer), or between a version
 * and the unpublished draft (`to: 'draft'`). Admins only.
 */
export async function diffWorkflowVersions(
  db: DbOrTx,
  p: { actorUserId: number; workflowId: number; from: number; to: number | 'draft' },
) {
  await requireAdmin(db, p.actorUserId, 'Comparing workflow versions');
  const [wf] = await db.select().from(workflows).where(eq(workflows.id, p.workflowId));
  if (!wf) throw notFound('Workflow');
  const version = async (n: number) => {
    const [v] = await db
      .select()
      .from(workflowVersions)
      .where(and(eq(workflowVersions.workflowId, wf.id), eq(workflowVersions.version, n)));
    if (!v) throw new AppError('NOT_FOUND', `Workflow ${wf.id} has no version ${n}`);
    return v;
  };
  const from = await version(p.from);
  const to = p.to === 'draft' ? wf : await version(p.to);
  return { from: p.from, to: p.to, changes: diffDefinitions(from, to) };
}
