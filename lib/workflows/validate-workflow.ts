import { and, inArray } from 'drizzle-orm';
import { isActiveTtsRole } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { roles } from '../db/schema';
import { AppError, type ErrorIssue } from '../errors';
import { isValidTimezone, parseClock } from '../sla/business-time';
import { PRIORITIES_MOST_URGENT_FIRST } from '../tickets/priority';
import type { WorkflowDefinition } from './schemas';

const PRIORITY_ORDER = PRIORITIES_MOST_URGENT_FIRST;

/**
 * The rules a workflow must meet to be published, as issues that name the step or transition at
 * fault (paths point into the request body: `steps.2.role`, `transitions.0.to`):
 * - step and transition keys are unique, and transitions name steps that exist;
 * - exactly one start step, and every step can be reached from it;
 * - no dead ends: a step without outgoing transitions must be an end step (it is finalized);
 *   an end step with outgoing transitions needs one without a target (otherwise it could never
 *   finish), and only end steps may have a transition without a target;
 * - an end step can be reached from every step;
 * - SLA: Critical < High < Medium < Low; a business calendar is well formed.
 * Roles are checked by validateWorkflow, which can see the database.
 */
export function graphIssues(def: WorkflowDefinition): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const { steps, transitions } = def.graph;

  const stepIndex = new Map<string, number>();
  steps.forEach((s, i) => {
    if (stepIndex.has(s.key)) add(`steps.${i}.key`, `Step "${s.name}": key "${s.key}" is already used by step "${steps[stepIndex.get(s.key)!].name}"`);
    else stepIndex.set(s.key, i);
  });
  const transitionKeys = new Map<string, string>();
  transitions.forEach((t, i) => {
    const other = transitionKeys.get(t.key);
    if (other !== undefined) add(`transitions.${i}.key`, `Transition "${t.name}": key "${t.key}" is already used by transition "${other}"`);
    else transitionKeys.set(t.key, t.name);
  });

  const outgoing = new Map<string, Array<(typeof transitions)[number]>>(steps.map((s) => [s.key, []]));
  const incoming = new Map<string, string[]>(steps.map((s) => [s.key, []]));
  transitions.forEach((t, i) => {
    const from = stepIndex.get(t.from);
    if (from === undefined) {
      add(`transitions.${i}.from`, `Transition "${t.name}" leaves from step "${t.from}", which does not exist`);
      return;
    }
    if (t.to !== null && !stepIndex.has(t.to)) {
      add(`transitions.${i}.to`, `Transition "${t.name}" goes to step "${t.to}", which does not exist`);
      return;
    }
    outgoing.get(t.from)!.push(t);
    if (t.to !== null) incoming.get(t.to)!.push(t.from);
    const fromStep = steps[from];
    if (t.to === null && !fromStep.isEnd) {
      add(`transitions.${i}.to`, `Transition "${t.name}" finishes the workflow from step "${fromStep.name}", which is not an end step`);
    }
  });

  const starts = steps.filter((s) => s.isStart);
  if (starts.length !== 1) {
    add(
      'steps',
      starts.length === 0
        ? 'A workflow needs exactly one start step; none is marked is_start'
        : `A workflow needs exactly one start step; ${starts.length} are marked is_start (${starts.map((s) => `"${s.name}"`).join(', ')})`,
    );
  }
  const ends = steps.filter((s) => s.isEnd);
  if (ends.length === 0) add('steps', 'A workflow needs at least one end step; none is marked is_end');

  steps.forEach((s, i) => {
    const out = outgoing.get(s.key) ?? [];
    if (out.length === 0 && !s.isEnd) {
      add(`steps.${i}`, `Step "${s.name}" is a dead end: no transition leaves it and it is not an end step`);
    }
    if (s.isEnd && out.length > 0 && !out.some((t) => t.to === null)) {
      add(`steps.${i}`, `End step "${s.name}" has outgoing transitions but none finishes the workflow (add one with "to": null, or remove them to finalize there)`);
    }
  });

  if (starts.length === 1) {
    const reached = walk(starts[0].key, (k) => (outgoing.get(k) ?? []).flatMap((t) => (t.to === null ? [] : [t.to])));
    steps.forEach((s, i) => {
      if (!reached.has(s.key)) add(`steps.${i}`, `Step "${s.name}" cannot be reached from the start step "${starts[0].name}"`);
    });
  }
  if (ends.length > 0) {
    const canFinish = new Set<string>();
    for (const end of ends) for (const k of walk(end.key, (k) => incoming.get(k) ?? [])) canFinish.add(k);
    steps.forEach((s, i) => {
      if (!canFinish.has(s.key)) add(`steps.${i}`, `No end step can be reached from step "${s.name}"`);
    });
  }

  const sla = def.slaSeconds;
  for (let i = 1; i < PRIORITY_ORDER.length; i++) {
    const [shorter, longer] = [PRIORITY_ORDER[i - 1], PRIORITY_ORDER[i]];
    if (!(sla[shorter] < sla[longer])) {
      add(`sla_seconds.${shorter}`, `SLA for ${shorter} (${sla[shorter]} s) must be shorter than for ${longer} (${sla[longer]} s): Critical < High < Medium < Low`);
    }
  }

  if (def.calendar) {
    const c = def.calendar;
    if (!isValidTimezone(c.timezone)) add('calendar.timezone', `Unknown timezone "${c.timezone}"`);
    const start = parseClock(c.start);
    const end = parseClock(c.end);
    if (start === null || end === null || end <= start) add('calendar.end', `Working hours must end after they start (${c.start}-${c.end})`);
    const holidays = new Set(c.holidays);
    if (holidays.size !== c.holidays.length) add('calendar.holidays', 'Holidays are listed twice');
  }
  return issues;
}

function walk(from: string, next: (key: string) => string[]): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    for (const k of next(queue.shift()!)) {
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(k);
      }
    }
  }
  return seen;
}

/** graphIssues plus: every role a step names (role, escalate_to) exists, is active and is a TTS role. */
export async function validateWorkflow(db: DbOrTx, def: WorkflowDefinition): Promise<ErrorIssue[]> {
  const issues = graphIssues(def);
  const wanted = [...new Set(def.graph.steps.flatMap((s) => [s.roleId, ...(s.escalateToRoleId ? [s.escalateToRoleId] : [])]))];
  const found = wanted.length
    ? await db.select({ id: roles.id }).from(roles).where(and(inArray(roles.id, wanted), isActiveTtsRole()))
    : [];
  const known = new Set(found.map((r) => r.id));
  def.graph.steps.forEach((s, i) => {
    if (!known.has(s.roleId)) issues.push({ path: `steps.${i}.role`, message: `Step "${s.name}": role ${s.roleId} does not exist, is inactive or is not a TTS role` });
    if (s.escalateToRoleId && !known.has(s.escalateToRoleId)) {
      issues.push({ path: `steps.${i}.escalate_to`, message: `Step "${s.name}": escalation role ${s.escalateToRoleId} does not exist, is inactive or is not a TTS role` });
    }
  });
  return issues;
}

/** Throws INVALID_INPUT listing every issue (the message names the first few). */
export async function assertValidWorkflow(db: DbOrTx, def: WorkflowDefinition): Promise<void> {
  const issues = await validateWorkflow(db, def);
  if (issues.length === 0) return;
  const head = issues.slice(0, 3).map((i) => i.message).join('; ');
  throw new AppError('INVALID_INPUT', `Invalid workflow: ${head}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`, issues);
}
