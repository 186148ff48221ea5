'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useActionState, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { WorkflowGraph } from '@/components/workflows/workflow-graph';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Input, Label, Select, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import {
  type DraftStep,
  type DraftTransition,
  END_LOGIC,
  type Issue,
  PRIORITIES,
  SLA_UNITS,
  type SlaUnit,
  WEEKDAYS,
  type WorkflowDraft,
  type WorkflowJsonInput,
  type WorkflowRequestBody,
  draftFromJson,
  draftToInput,
  emptyDraft,
  fieldId,
  hasPlace,
  issuePlace,
  issueSentence,
  issuesAt,
  keyFromName,
  newUid,
} from './workflow-draft';

export interface EditorResult {
  status: 'idle' | 'saved' | 'published' | 'paused' | 'error';
  message: string | null;
  issues: Issue[];
  at: number;
  /** The definition was stored (also when a publish after it was refused). */
  isSaved?: boolean;
}

const IDLE: EditorResult = { status: 'idle', message: null, issues: [], at: 0 };

/** Trimmed strings, so a saved "Name " and the stored "Name" are the same definition. */
const normalized = (body: WorkflowRequestBody) => JSON.stringify(body, (_k, v: unknown) => (typeof v === 'string' ? v.trim() : v));

/**
 * The whole workflow definition as a form, with a live preview of its graph and a live check
 * against the domain's rules (the issues are shown on the step, transition or field they name).
 * Save draft, Publish and Pause are one server action; while it runs every button is disabled,
 * so a double click acts once.
 */
export function WorkflowEditor({
  workflowId,
  initial,
  roles,
  status,
  save,
  check,
}: {
  workflowId: number | null;
  initial: WorkflowJsonInput | null;
  roles: Array<{ id: number; name: string }>;
  status: 'draft' | 'deployed' | 'paused' | null;
  save: (state: EditorResult, form: FormData) => Promise<EditorResult>;
  check: (body: unknown) => Promise<{ issues: Issue[] }>;
}) {
  const [draft, setDraft] = useState<WorkflowDraft>(() => (initial ? draftFromJson(initial) : emptyDraft()));
  const [result, formAction] = useActionState(save, IDLE);
  const [live, setLive] = useState<{ issues: Issue[]; at: number; isChecking: boolean }>({ issues: [], at: 0, isChecking: false });
  const body = useMemo(() => draftToInput(draft), [draft]);
  const bodyJson = useMemo(() => JSON.stringify(body), [body]);
  const baseline = useMemo(() => (initial ? normalized(draftToInput(draftFromJson(initial))) : null), [initial]);
  const isDirty = baseline === null || normalized(body) !== baseline;

  // The live check: the definition as it is, a moment after the last change.
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setLive((l) => ({ ...l, isChecking: true }));
      check(JSON.parse(bodyJson))
        .then((r) => {
          if (mine === seq.current) setLive({ issues: r.issues, at: Date.now(), isChecking: false });
        })
        .catch(() => {
          if (mine === seq.current) setLive((l) => ({ ...l, isChecking: false }));
        });
    }, 600);
    return () => clearTimeout(timer);
  }, [bodyJson, check]);

  // The newer of the last save's answer and the last live check.
  const issues = result.at > live.at ? result.issues : live.issues;
  const flaggedSteps = new Set(
    issues.flatMap((i) => {
      const m = /^steps\.(\d+)/.exec(i.path);
      return m ? [Number(m[1])] : [];
    }),
  );
  const unplaced = issues.filter((i) => !hasPlace(i.path));

  const set = <K extends keyof WorkflowDraft>(k: K, v: WorkflowDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setStep = (uid: string, patch: Partial<DraftStep>) =>
    setDraft((d) => ({
      ...d,
      steps: d.steps.map((s) => {
        if (s.uid !== uid) return s;
        const next = { ...s, ...patch };
        if (patch.name !== undefined && s.auto_key) next.key = keyFromName(patch.name);
        if (patch.key !== undefined) next.auto_key = false;
        return next;
      }),
    }));
  const setTransition = (uid: string, patch: Partial<DraftTransition>) =>
    setDraft((d) => ({
      ...d,
      transitions: d.transitions.map((t) => {
        if (t.uid !== uid) return t;
        const next = { ...t, ...patch };
        if (patch.name !== undefined && t.auto_key) next.key = keyFromName(patch.name);
        if (patch.key !== undefined) next.auto_key = false;
        return next;
      }),
    }));
  const moveStep = (index: number, by: -1 | 1) =>
    setDraft((d) => {
      const steps = [...d.steps];
      const to = index + by;
      if (to < 0 || to >= steps.length) return d;
      [steps[index], steps[to]] = [steps[to], steps[index]];
      return { ...d, steps };
    });
  const removeStep = (uid: string) =>
    setDraft((d) => ({ ...d, steps: d.steps.filter((s) => s.uid !== uid), transitions: d.transitions.filter((t) => t.from !== uid && t.to !== uid) }));
  const addStep = () =>
    setDraft((d) => {
      const n = d.steps.length + 1;
      return {
        ...d,
        steps: [...d.steps, { uid: newUid('s'), key: `step_${n}`, name: '', role: '', escalate_to: '', instruction: '', weight: '1', is_start: d.steps.length === 0, is_end: false, auto_key: true }],
      };
    });
  const addTransition = () =>
    setDraft((d) => ({
      ...d,
      transitions: [...d.transitions, { uid: newUid('t'), key: `transition_${d.transitions.length + 1}`, name: '', from: d.steps[0]?.uid ?? '', to: '', auto_key: true }],
    }));

  const graph = useMemo(() => {
    const idOf = new Map(draft.steps.map((s, i) => [s.uid, i + 1]));
    return {
      steps: draft.steps.map((s, i) => ({ id: i + 1, name: s.name || s.key || `Step ${i + 1}`, order: i + 1, is_start: s.is_start, is_end: s.is_end })),
      transitions: draft.transitions.flatMap((t, i) => {
        const from = idOf.get(t.from);
        const to = t.to === '' ? null : idOf.get(t.to);
        return from === undefined || to === undefined ? [] : [{ id: i + 1, name: t.name || t.key, from_step_id: from, to_step_id: to }];
      }),
    };
  }, [draft.steps, draft.transitions]);

  const problemCount = issues.length;
  return (
    <form action={formAction} className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start" noValidate>
      <input type="hidden" name="definition" value={bodyJson} />
      <input type="hidden" name="workflow_id" value={workflowId ?? ''} />
      <input type="hidden" name="dirty" value={String(isDirty)} />

      <div className="grid min-w-0 gap-5">
        <Card>
          <CardHeader>
            <div className="grid gap-1">
              <CardTitle>Save and publish</CardTitle>
              <CardDescription>
                Tickets follow the published version; saving a draft changes nothing that runs.
              </CardDescription>
            </div>
            <div className="flex flex-wrap items-center gap-2" data-testid="editor-state">
              {isDirty ? <Badge tone="warning">Unsaved changes</Badge> : <Badge tone="neutral">Saved</Badge>}
            </div>
          </CardHeader>
          <CardContent className="grid gap-3">
            <div className="flex flex-wrap gap-2">
              <SubmitButton name="intent" value="save" variant="outline" pendingLabel="Saving…">
                Save draft
              </SubmitButton>
              <SubmitButton name="intent" value="publish" pendingLabel="Publishing…">
                Publish
              </SubmitButton>
              {status === 'deployed' ? (
                <SubmitButton name="intent" value="pause" variant="outline" pendingLabel="Pausing…">
                  Pause
                </SubmitButton>
              ) : null}
            </div>
            <div aria-live="polite" className="grid gap-2" data-testid="editor-result">
              {result.message ? (
                <Alert key={result.at} tone={result.status === 'error' ? 'danger' : 'success'}>
                  {result.message}
                </Alert>
              ) : null}
            </div>
            <p role="status" aria-live="polite" className="text-sm text-muted-foreground" data-testid="check-summary">
              {live.isChecking
                ? 'Checking…'
                : live.at === 0 && result.at === 0
                  ? ' '
                  : problemCount === 0
                    ? 'No problems found: this definition can be published.'
                    : `${problemCount} ${problemCount === 1 ? 'problem' : 'problems'} to fix before it can be saved.`}
            </p>
            {problemCount > 0 ? (
              <ul className="grid gap-1 text-sm" aria-label="Problems" data-testid="issue-summary">
                {issues.map((i, n) => {
                  const place = issuePlace(i.path, draft);
                  const text = place ? `${place}: ${issueSentence(i)}` : issueSentence(i);
                  return (
                    <li key={`${i.path}-${n}`} className="text-danger">
                      {hasPlace(i.path) ? (
                        <a className="underline underline-offset-2 hover:no-underline" href={`#${anchorFor(i.path)}`}>
                          {text}
                        </a>
                      ) : (
                        text
                      )}
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {unplaced.length ? <span className="sr-only">{unplaced.length} problems are not tied to one field.</span> : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>What it handles</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <TextField className="sm:col-span-2" label="Name" path="name" issues={issues} value={draft.name} onChange={(v) => set('name', v)} />
            <div className="grid gap-1.5 sm:col-span-2">
              <Label htmlFor={fieldId('description')}>Description</Label>
              <Textarea id={fieldId('description')} rows={2} value={draft.description} onChange={(e) => set('description', e.target.value)} />
              <FieldIssues path="description" issues={issues} />
            </div>
            <TextField label="Department" path="department" issues={issues} value={draft.department} onChange={(v) => set('department', v)} hint="As HDTS sends it" />
            <TextField label="Category" path="category" issues={issues} value={draft.category} onChange={(v) => set('category', v)} />
            <TextField
              label="Sub-category"
              path="sub_category"
              issues={issues}
              value={draft.sub_category}
              onChange={(v) => set('sub_category', v)}
              hint="Empty: every sub-category of the category"
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <div className="grid gap-1">
              <CardTitle>Service levels</CardTitle>
              <CardDescription>How long a ticket may take, per priority. Each step gets its share of it by weight.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="grid gap-4">
            <fieldset className="grid gap-3 sm:grid-cols-2">
              <legend className="mb-2 text-sm font-medium">SLA per priority</legend>
              {PRIORITIES.map((p) => {
                const path = `sla_seconds.${p}`;
                const mine = issuesAt(issues, path);
                return (
                  <div key={p} className="grid gap-1.5">
                    <Label htmlFor={fieldId(path)}>{p}</Label>
                    <div className="flex gap-2">
                      <Input
                        id={fieldId(path)}
                        inputMode="decimal"
                        value={draft.sla[p].value}
                        onChange={(e) => set('sla', { ...draft.sla, [p]: { ...draft.sla[p], value: e.target.value } })}
                        aria-invalid={mine.length ? true : undefined}
                        aria-describedby={mine.length ? `${fieldId(path)}-issues` : undefined}
                        className="w-24"
                      />
                      <Select
                        aria-label={`${p} SLA unit`}
                        value={draft.sla[p].unit}
                        onChange={(e) => set('sla', { ...draft.sla, [p]: { ...draft.sla[p], unit: e.target.value as SlaUnit } })}
                        className="w-auto"
                      >
                        {SLA_UNITS.map((u) => (
                          <option key={u.value} value={u.value}>
                            {u.label}
                          </option>
                        ))}
                      </Select>
                    </div>
                    <FieldIssues path={path} issues={issues} />
                  </div>
                );
              })}
            </fieldset>
            <FieldIssues path="sla_seconds" issues={issues} />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                label="Warning at (% of the SLA)"
                path="warning_share"
                issues={issues}
                value={draft.warning_pct}
                onChange={(v) => set('warning_pct', v)}
                hint="Empty: the desk's default"
                inputMode="decimal"
              />
              <div className="grid gap-1.5">
                <Label htmlFor={fieldId('end_logic')}>When a ticket finishes</Label>
                <Select id={fieldId('end_logic')} value={draft.end_logic} onChange={(e) => set('end_logic', e.target.value as WorkflowDraft['end_logic'])}>
                  {END_LOGIC.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
                <FieldIssues path="end_logic" issues={issues} />
              </div>
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <div className="grid gap-1">
              <CardTitle>Business hours</CardTitle>
              <CardDescription>Without a calendar the SLA clock runs around the clock.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="grid gap-4">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input type="checkbox" className="size-4 accent-primary" checked={draft.has_calendar} onChange={(e) => set('has_calendar', e.target.checked)} />
              Count business hours only
            </label>
            {draft.has_calendar ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  label="Time zone"
                  path="calendar.timezone"
                  issues={issues}
                  value={draft.calendar.timezone}
                  onChange={(v) => set('calendar', { ...draft.calendar, timezone: v })}
                  hint="IANA name, e.g. Europe/Berlin"
                  list="wf-timezones"
                />
                <TimeZones />
                <fieldset className="grid gap-2 sm:col-span-2" id={fieldId('calendar.working_days')}>
                  <legend className="mb-1 text-sm font-medium">Working days</legend>
                  <div className="flex flex-wrap gap-3">
                    {WEEKDAYS.map((d) => (
                      <label key={d.value} className="flex items-center gap-1.5 text-sm">
                        <input
                          type="checkbox"
                          className="size-4 accent-primary"
                          checked={draft.calendar.working_days.includes(d.value)}
                          onChange={(e) =>
                            set('calendar', {
                              ...draft.calendar,
                              working_days: e.target.checked ? [...draft.calendar.working_days, d.value] : draft.calendar.working_days.filter((x) => x !== d.value),
                            })
                          }
                        />
                        {d.label}
                      </label>
                    ))}
                  </div>
                  <FieldIssues path="calendar.working_days" issues={issues} deep />
                </fieldset>
                <TextField label="Day starts" path="calendar.start" issues={issues} type="time" value={draft.calendar.start} onChange={(v) => set('calendar', { ...draft.calendar, start: v })} />
                <TextField label="Day ends" path="calendar.end" issues={issues} type="time" value={draft.calendar.end} onChange={(v) => set('calendar', { ...draft.calendar, end: v })} />
                <div className="grid gap-1.5 sm:col-span-2">
                  <Label htmlFor={fieldId('calendar.holidays')}>Holidays</Label>
                  <Textarea
                    id={fieldId('calendar.holidays')}
                    rows={3}
                    value={draft.calendar.holidays}
                    onChange={(e) => set('calendar', { ...draft.calendar, holidays: e.target.value })}
                    placeholder="2026-12-25"
                    aria-describedby={`${fieldId('calendar.holidays')}-hint`}
                  />
                  <p id={`${fieldId('calendar.holidays')}-hint`} className="text-xs text-muted-foreground">
                    One date (YYYY-MM-DD) a line; no SLA time counts on them.
                  </p>
                  <FieldIssues path="calendar.holidays" issues={issues} deep />
                </div>
              </div>
            ) : null}
            <FieldIssues path="calendar" issues={issues} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <div className="grid gap-1">
              <CardTitle>Steps</CardTitle>
              <CardDescription>In the order people see them. One start step; end steps finish the ticket.</CardDescription>
            </div>
            <Button variant="outline" size="sm" onClick={addStep}>
              <Plus aria-hidden />
              Add step
            </Button>
          </CardHeader>
          <CardContent className="grid gap-4">
            <FieldIssues path="steps" issues={issues} />
            <ol className="grid gap-4" aria-label="Steps">
              {draft.steps.map((s, i) => {
                const base = `steps.${i}`;
                const own = issuesAt(issues, base);
                return (
                  <li key={s.uid}>
                    <fieldset
                      id={fieldId(base)}
                      data-testid="step-card"
                      data-step-key={s.key}
                      aria-invalid={flaggedSteps.has(i) || undefined}
                      className={cn('grid gap-3 rounded-md border p-3 sm:p-4', flaggedSteps.has(i) ? 'border-danger bg-danger-soft/40' : '')}
                    >
                      <legend className="px-1 text-sm font-semibold">
                        Step {i + 1}
                        {s.name ? `: ${s.name}` : ''}
                      </legend>
                      {own.length ? <IssueList id={`${fieldId(base)}-issues`} issues={own} /> : null}
                      <div className="grid gap-3 sm:grid-cols-2">
                        <TextField label="Name" path={`${base}.name`} issues={issues} value={s.name} onChange={(v) => setStep(s.uid, { name: v })} />
                        <TextField label="Key" path={`${base}.key`} issues={issues} value={s.key} onChange={(v) => setStep(s.uid, { key: v })} hint="Letters, digits, - and _; transitions name it" />
                        <RoleField label="Role" path={`${base}.role`} issues={issues} roles={roles} value={s.role} onChange={(v) => setStep(s.uid, { role: v })} none="Choose a role" />
                        <RoleField
                          label="Escalation role"
                          path={`${base}.escalate_to`}
                          issues={issues}
                          roles={roles}
                          value={s.escalate_to}
                          onChange={(v) => setStep(s.uid, { escalate_to: v })}
                          none="No escalation"
                        />
                        <div className="grid gap-1.5 sm:col-span-2">
                          <Label htmlFor={fieldId(`${base}.instruction`)}>Instruction</Label>
                          <Textarea id={fieldId(`${base}.instruction`)} rows={2} value={s.instruction} onChange={(e) => setStep(s.uid, { instruction: e.target.value })} />
                          <FieldIssues path={`${base}.instruction`} issues={issues} />
                        </div>
                        <TextField
                          label="Weight"
                          path={`${base}.weight`}
                          issues={issues}
                          value={s.weight}
                          onChange={(v) => setStep(s.uid, { weight: v })}
                          hint="Its share of the SLA, relative to the other steps"
                          inputMode="decimal"
                        />
                        <div className="flex flex-wrap items-center gap-x-5 gap-y-2 pt-1 sm:pt-6">
                          <label className="flex items-center gap-1.5 text-sm">
                            <input
                              type="radio"
                              name="start_step"
                              className="size-4 accent-primary"
                              checked={s.is_start}
                              onChange={() => setDraft((d) => ({ ...d, steps: d.steps.map((x) => ({ ...x, is_start: x.uid === s.uid })) }))}
                            />
                            Start step
                          </label>
                          <label className="flex items-center gap-1.5 text-sm">
                            <input type="checkbox" className="size-4 accent-primary" checked={s.is_end} onChange={(e) => setStep(s.uid, { is_end: e.target.checked })} />
                            End step
                          </label>
                        </div>
                      </div>
                      <div className="flex flex-wrap gap-2 border-t pt-3">
                        <Button variant="ghost" size="sm" onClick={() => moveStep(i, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`}>
                          <ArrowUp aria-hidden />
                          Up
                        </Button>
                        <Button variant="ghost" size="sm" onClick={() => moveStep(i, 1)} disabled={i === draft.steps.length - 1} aria-label={`Move step ${i + 1} down`}>
                          <ArrowDown aria-hidden />
                          Down
                        </Button>
                        <Button variant="ghost" size="sm" className="text-danger" onClick={() => removeStep(s.uid)} aria-label={`Remove step ${i + 1}${s.name ? ` (${s.name})` : ''}`}>
                          <Trash2 aria-hidden />
                          Remove
                        </Button>
                      </div>
                    </fieldset>
                  </li>
                );
              })}
            </ol>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <div className="grid gap-1">
              <CardTitle>Transitions</CardTitle>
              <CardDescription>The actions people take on a step: where each one sends the ticket.</CardDescription>
            </div>
            <Button variant="outline" size="sm" onClick={addTransition} disabled={draft.steps.length === 0}>
              <Plus aria-hidden />
              Add transition
            </Button>
          </CardHeader>
          <CardContent className="grid gap-4">
            <FieldIssues path="transitions" issues={issues} />
            {draft.transitions.length === 0 ? <p className="text-sm text-muted-foreground">No transitions yet: a step without one is a dead end unless it is an end step.</p> : null}
            <ol className="grid gap-4" aria-label="Transitions">
              {draft.transitions.map((t, i) => {
                const base = `transitions.${i}`;
                const own = issuesAt(issues, base);
                const isBad = issuesAt(issues, base, true).length > 0;
                return (
                  <li key={t.uid}>
                    <fieldset
                      id={fieldId(base)}
                      data-testid="transition-card"
                      data-transition-key={t.key}
                      className={cn('grid gap-3 rounded-md border p-3 sm:grid-cols-2 sm:p-4', isBad ? 'border-danger bg-danger-soft/40' : '')}
                    >
                      <legend className="px-1 text-sm font-semibold">
                        Transition {i + 1}
                        {t.name ? `: ${t.name}` : ''}
                      </legend>
                      {own.length ? <IssueList className="sm:col-span-2" id={`${fieldId(base)}-issues`} issues={own} /> : null}
                      <TextField label="Name" path={`${base}.name`} issues={issues} value={t.name} onChange={(v) => setTransition(t.uid, { name: v })} hint="The button people press, e.g. Approve" />
                      <TextField label="Key" path={`${base}.key`} issues={issues} value={t.key} onChange={(v) => setTransition(t.uid, { key: v })} />
                      <StepField label="From step" path={`${base}.from`} issues={issues} steps={draft.steps} value={t.from} onChange={(v) => setTransition(t.uid, { from: v })} />
                      <StepField
                        label="To step"
                        path={`${base}.to`}
                        issues={issues}
                        steps={draft.steps}
                        value={t.to}
                        onChange={(v) => setTransition(t.uid, { to: v })}
                        finish
                      />
                      <div className="sm:col-span-2">
                        <Button
                          variant="ghost"
                          size="sm"
                          className="text-danger"
                          onClick={() => setDraft((d) => ({ ...d, transitions: d.transitions.filter((x) => x.uid !== t.uid) }))}
                          aria-label={`Remove transition ${i + 1}${t.name ? ` (${t.name})` : ''}`}
                        >
                          <Trash2 aria-hidden />
                          Remove
                        </Button>
                      </div>
                    </fieldset>
                  </li>
                );
              })}
            </ol>
          </CardContent>
        </Card>
      </div>

      <aside className="min-w-0 lg:sticky lg:top-4" aria-label="Preview">
        <Card>
          <CardHeader>
            <div className="grid gap-1">
              <CardTitle>Preview</CardTitle>
              <CardDescription>Redrawn as you edit.</CardDescription>
            </div>
          </CardHeader>
          <CardContent data-testid="workflow-preview">
            {graph.steps.length ? (
              <WorkflowGraph
                graph={graph}
                currentStepId={null}
                path={[]}
                isComplete={false}
                preview={{
                  flagged: [...flaggedSteps].map((i) => i + 1),
                  caption: flaggedSteps.size ? 'Steps outlined in red have problems.' : 'Later steps below; a transition back to an earlier step on the right.',
                }}
              />
            ) : (
              <p className="text-sm text-muted-foreground">Add a step to see the workflow.</p>
            )}
          </CardContent>
        </Card>
      </aside>
    </form>
  );
}

/** Where the summary's link for an issue goes: the field, or the card it belongs to. */
function anchorFor(path: string): string {
  if (/^(steps|transitions)\.\d+\.(from|to|key|name|role|escalate_to|weight|instruction)$/.test(path)) return fieldId(path);
  const card = /^(steps|transitions)\.\d+/.exec(path);
  if (card) return fieldId(card[0]);
  return fieldId(path);
}

function IssueList({ id, issues, className }: { id?: string; issues: Issue[]; className?: string }) {
  return (
    <ul id={id} className={cn('grid gap-0.5 text-sm font-medium text-danger', className)} data-testid="field-issue">
      {issues.map((i, n) => (
        <li key={n}>{issueSentence(i)}</li>
      ))}
    </ul>
  );
}

function FieldIssues({ path, issues, deep }: { path: string; issues: Issue[]; deep?: boolean }) {
  const mine = issuesAt(issues, path, deep);
  return mine.length ? <IssueList id={`${fieldId(path)}-issues`} issues={mine} /> : null;
}

function describedBy(path: string, mine: Issue[], hint?: string) {
  return [mine.length ? `${fieldId(path)}-issues` : null, hint ? `${fieldId(path)}-hint` : null].filter(Boolean).join(' ') || undefined;
}

function TextField({
  label,
  path,
  issues,
  value,
  onChange,
  hint,
  className,
  ...rest
}: {
  label: string;
  path: string;
  issues: Issue[];
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  className?: string;
} & Omit<React.ComponentProps<'input'>, 'value' | 'onChange'>) {
  const mine = issuesAt(issues, path);
  return (
    <div className={cn('grid content-start gap-1.5', className)}>
      <Label htmlFor={fieldId(path)}>{label}</Label>
      <Input
        id={fieldId(path)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={mine.length ? true : undefined}
        aria-describedby={describedBy(path, mine, hint)}
        {...rest}
      />
      {hint ? (
        <p id={`${fieldId(path)}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <FieldIssues path={path} issues={issues} />
    </div>
  );
}

function RoleField({
  label,
  path,
  issues,
  roles,
  value,
  onChange,
  none,
}: {
  label: string;
  path: string;
  issues: Issue[];
  roles: Array<{ id: number; name: string }>;
  value: string;
  onChange: (v: string) => void;
  none: string;
}) {
  const mine = issuesAt(issues, path);
  const isKnown = value === '' || roles.some((r) => String(r.id) === value);
  return (
    <div className="grid content-start gap-1.5">
      <Label htmlFor={fieldId(path)}>{label}</Label>
      <Select id={fieldId(path)} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={mine.length ? true : undefined} aria-describedby={describedBy(path, mine)}>
        <option value="">{none}</option>
        {roles.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
        {isKnown ? null : <option value={value}>Role {value} (not an active TTS role)</option>}
      </Select>
      <FieldIssues path={path} issues={issues} />
    </div>
  );
}

function StepField({
  label,
  path,
  issues,
  steps,
  value,
  onChange,
  finish,
}: {
  label: string;
  path: string;
  issues: Issue[];
  steps: DraftStep[];
  value: string;
  onChange: (v: string) => void;
  finish?: boolean;
}) {
  const mine = issuesAt(issues, path);
  return (
    <div className="grid content-start gap-1.5">
      <Label htmlFor={fieldId(path)}>{label}</Label>
      <Select id={fieldId(path)} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={mine.length ? true : undefined} aria-describedby={describedBy(path, mine)}>
        {finish ? <option value="">Finish the workflow</option> : value === '' ? <option value="">Choose a step</option> : null}
        {steps.map((s, i) => (
          <option key={s.uid} value={s.uid}>
            {s.name || s.key || `Step ${i + 1}`}
          </option>
        ))}
      </Select>
      <FieldIssues path={path} issues={issues} />
    </div>
  );
}

const NO_ZONES: string[] = [];
let knownZones: string[] | null = null;
const browserZones = () => {
  if (knownZones === null) {
    try {
      knownZones = Intl.supportedValuesOf('timeZone');
    } catch {
      knownZones = NO_ZONES;
    }
  }
  return knownZones;
};
const subscribeNothing = () => () => {};

/** The time zones the browser knows, as suggestions for the calendar's zone (none in the server's render). */
function TimeZones() {
  const zones = useSyncExternalStore(subscribeNothing, browserZones, () => NO_ZONES);
  return (
    <datalist id="wf-timezones">
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
