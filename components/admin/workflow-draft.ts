/**
 * The workflow editor's working copy of a definition, and its conversion to and from the JSON the
 * workflow API takes (POST/PUT /api/v1/workflows). Form fields are kept as the text people type
 * (a half-typed number stays as typed); `draftToInput` turns them into the request body, and a
 * field that is not a number goes as `null`, so the domain's check names that field.
 */

export const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SLA_UNITS = [
  { value: 'm', label: 'minutes', seconds: 60 },
  { value: 'h', label: 'hours', seconds: 3600 },
  { value: 'd', label: 'days', seconds: 86_400 },
  { value: 's', label: 'seconds', seconds: 1 },
] as const;
export type SlaUnit = (typeof SLA_UNITS)[number]['value'];

export const END_LOGIC = [
  { value: 'none', label: 'Nothing: the ticket is resolved' },
  { value: 'asset', label: 'Asset: tell AMS (check-in / check-out)' },
  { value: 'budget', label: 'Budget: tell BMS the decision' },
  { value: 'notification', label: 'Notification: tell the requester' },
] as const;
export type EndLogic = (typeof END_LOGIC)[number]['value'];

/** ISO weekday numbers (1 Monday .. 7 Sunday), as the calendar stores them. */
export const WEEKDAYS = [
  { value: 1, label: 'Mon' },
  { value: 2, label: 'Tue' },
  { value: 3, label: 'Wed' },
  { value: 4, label: 'Thu' },
  { value: 5, label: 'Fri' },
  { value: 6, label: 'Sat' },
  { value: 7, label: 'Sun' },
] as const;

export interface DraftStep {
  /** Stable identity in the editor (keys can be renamed; transitions follow the uid). */
  uid: string;
  key: string;
  name: string;
  role: string;
  escalate_to: string;
  instruction: string;
  weight: string;
  is_start: boolean;
  is_end: boolean;
  /** The key follows the name until someone edits it (new steps only). */
  auto_key?: boolean;
}

export interface DraftTransition {
  uid: string;
  auto_key?: boolean;
  key: string;
  name: string;
  /** uid of the step it leaves. */
  from: string;
  /** uid of the step it goes to; '' finishes the workflow. */
  to: string;
}

export interface WorkflowDraft {
  name: string;
  description: string;
  department: string;
  category: string;
  sub_category: string;
  sla: Record<Priority, { value: string; unit: SlaUnit }>;
  end_logic: EndLogic;
  /** Percent of the SLA after which a warning goes out; '' for the default. */
  warning_pct: string;
  has_calendar: boolean;
  calendar: { timezone: string; working_days: number[]; start: string; end: string; holidays: string };
  steps: DraftStep[];
  transitions: DraftTransition[];
}

/** A definition as the workflow API returns it (GET /api/v1/workflows/{id}). */
export interface WorkflowJsonInput {
  name: string;
  description: string;
  department: string;
  category: string;
  sub_category: string | null;
  sla_seconds: Record<Priority, number>;
  end_logic: EndLogic;
  calendar: { timezone: string; working_days: number[]; start: string; end: string; holidays: string[] } | null;
  warning_share: number | null;
  steps: Array<{ key: string; name: string; role: number; escalate_to: number | null; instruction: string; weight: number; order: number; is_start: boolean; is_end: boolean }>;
  transitions: Array<{ key: string; name: string; from: string; to: string | null }>;
}

let counter = 0;
/** A uid for a step or transition added in the browser (those loaded get `s0`, `t0`..., the same on the server and the client). */
export const newUid = (prefix: string) => `${prefix}new${++counter}`;

/** A key from a name: "Manager approval" -> "manager_approval" (what keys allow, at most 64). */
export function keyFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 64);
}

/** The largest unit that says the seconds exactly (7200 -> 2 hours). */
export function slaField(seconds: number): { value: string; unit: SlaUnit } {
  for (const u of [SLA_UNITS[2], SLA_UNITS[1], SLA_UNITS[0]]) {
    if (seconds >= u.seconds && seconds % u.seconds === 0) return { value: String(seconds / u.seconds), unit: u.value };
  }
  return { value: String(seconds), unit: 's' };
}

/** A new workflow: a triage step that finishes, so the preview has something to draw. */
export function emptyDraft(): WorkflowDraft {
  const triage = 's0';
  return {
    name: '',
    description: '',
    department: '',
    category: '',
    sub_category: '',
    sla: { Critical: { value: '4', unit: 'h' }, High: { value: '8', unit: 'h' }, Medium: { value: '2', unit: 'd' }, Low: { value: '5', unit: 'd' } },
    end_logic: 'none',
    warning_pct: '',
    has_calendar: false,
    calendar: { timezone: 'UTC', working_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: '' },
    steps: [{ uid: triage, key: 'triage', name: 'Triage', role: '', escalate_to: '', instruction: '', weight: '1', is_start: true, is_end: true }],
    transitions: [{ uid: 't0', key: 'complete', name: 'Complete', from: triage, to: '' }],
  };
}

export function draftFromJson(wf: WorkflowJsonInput): WorkflowDraft {
  const steps = [...wf.steps].sort((a, b) => a.order - b.order).map((s, i) => ({
    uid: `s${i}`,
    key: s.key,
    name: s.name,
    role: String(s.role),
    escalate_to: s.escalate_to ? String(s.escalate_to) : '',
    instruction: s.instruction,
    weight: String(s.weight),
    is_start: s.is_start,
    is_end: s.is_end,
  }));
  const uidOf = new Map(steps.map((s) => [s.key, s.uid]));
  return {
    name: wf.name,
    description: wf.description,
    department: wf.department,
    category: wf.category,
    sub_category: wf.sub_category ?? '',
    sla: Object.fromEntries(PRIORITIES.map((p) => [p, slaField(wf.sla_seconds[p])])) as WorkflowDraft['sla'],
    end_logic: wf.end_logic,
    warning_pct: wf.warning_share === null ? '' : String(Math.round(wf.warning_share * 1000) / 10),
    has_calendar: wf.calendar !== null,
    calendar: wf.calendar
      ? { ...wf.calendar, holidays: wf.calendar.holidays.join('\n') }
      : { timezone: 'UTC', working_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: '' },
    steps,
    transitions: wf.transitions.map((t, i) => ({
      uid: `t${i}`,
      key: t.key,
      name: t.name,
      from: uidOf.get(t.from) ?? '',
      to: t.to === null ? '' : (uidOf.get(t.to) ?? ''),
    })),
  };
}

/** A typed number, or null when it is not one (the domain then names the field). */
function num(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The request body for the workflow API (and the editor's check and save actions). */
export function draftToInput(d: WorkflowDraft) {
  const keyOf = new Map(d.steps.map((s) => [s.uid, s.key.trim()]));
  const pct = num(d.warning_pct);
  return {
    name: d.name,
    description: d.description,
    department: d.department,
    category: d.category,
    sub_category: d.sub_category.trim() || null,
    sla_seconds: Object.fromEntries(
      PRIORITIES.map((p) => {
        const v = num(d.sla[p].value);
        const unit = SLA_UNITS.find((u) => u.value === d.sla[p].unit)!;
        return [p, v === null ? null : Math.round(v * unit.seconds)];
      }),
    ),
    end_logic: d.end_logic,
    // Text that is not a number goes as text, so the check names the field (NaN would go as null).
    warning_share: d.warning_pct.trim() === '' ? null : pct === null ? d.warning_pct : pct / 100,
    calendar: d.has_calendar
      ? {
          timezone: d.calendar.timezone.trim(),
          working_days: [...d.calendar.working_days].sort((a, b) => a - b),
          start: d.calendar.start,
          end: d.calendar.end,
          holidays: d.calendar.holidays
            .split(/[\s,]+/)
            .map((h) => h.trim())
            .filter(Boolean),
        }
      : null,
    steps: d.steps.map((s, i) => ({
      key: s.key.trim(),
      name: s.name,
      role: num(s.role),
      escalate_to: num(s.escalate_to),
      instruction: s.instruction,
      weight: num(s.weight),
      order: i + 1,
      is_start: s.is_start,
      is_end: s.is_end,
    })),
    transitions: d.transitions.map((t) => ({
      key: t.key.trim(),
      name: t.name,
      from: keyOf.get(t.from) ?? '',
      to: t.to === '' ? null : (keyOf.get(t.to) ?? ''),
    })),
  };
}
export type WorkflowRequestBody = ReturnType<typeof draftToInput>;

export interface Issue {
  path: string;
  message: string;
}

/**
 * The issues that belong to one place of the form: `steps.2` (the step as a whole) and
 * `steps.2.role` (one field), matched by prefix so a field's issues also show on its card when
 * asked with `deep`.
 */
export function issuesAt(issues: Issue[], path: string, deep = false): Issue[] {
  return issues.filter((i) => i.path === path || (deep && i.path.startsWith(`${path}.`)));
}

/** Every issue path the form has a place for; anything else is shown in the summary only. */
export function hasPlace(path: string): boolean {
  return /^(name|description|department|category|sub_category|end_logic|warning_share|steps|transitions|calendar(\.\w+)?|sla_seconds(\.\w+)?|steps\.\d+(\.\w+)?|transitions\.\d+(\.\w+)?)$/.test(path);
}

const FIELD_SENTENCES: Record<string, string> = {
  name: 'Give it a name.',
  department: 'Give the department, as HDTS sends it.',
  category: 'Give the category, as HDTS sends it.',
  key: 'The key must be 1–64 letters, digits, "-" or "_".',
  from: 'Choose the step it leaves from.',
  to: 'Choose the step it goes to, or Finish the workflow.',
  weight: 'Weight must be a number more than 0 (at most 1000).',
  warning_share: 'The warning share must be a percentage between 0 and 100.',
  role: 'Choose a role.',
  escalate_to: 'Choose an escalation role, or none.',
  order: 'The order must be a whole number.',
  working_days: 'Choose at least one working day.',
  holidays: 'Holidays must be dates, YYYY-MM-DD.',
  timezone: 'Give a time zone, e.g. Europe/Berlin.',
  start: 'Give a time, HH:MM.',
  end: 'Give a time, HH:MM.',
  Critical: 'Give a duration.',
  High: 'Give a duration.',
  Medium: 'Give a duration.',
  Low: 'Give a duration.',
};

/**
 * The issue as a sentence: the domain's own messages already are; zod's generic ones for a type
 * or range ("Invalid input: expected number, received null", "Too big: ...") are said in the
 * field's own terms instead.
 */
export function issueSentence(issue: Issue): string {
  // The domain's graph and role rules write sentences (capitalised); the shape check's are field-level fragments.
  const isFragment = /^[a-z]/.test(issue.message) || /^(Invalid input|Too big|Too small|Invalid option|Expected)/.test(issue.message);
  if (!isFragment) return issue.message;
  const field = issue.path.split('.').filter((p) => !/^\d+$/.test(p)).at(-1) ?? '';
  return FIELD_SENTENCES[field] ?? 'This value is not valid.';
}

/** Where an issue is, for the summary: "Step 2 (Hand over keys)", "SLA for High", "Business hours". */
export function issuePlace(path: string, d: Pick<WorkflowDraft, 'steps' | 'transitions'>): string | null {
  const parts = path.split('.');
  if (parts[0] === 'steps' && parts[1] !== undefined) {
    const s = d.steps[Number(parts[1])];
    return `Step ${Number(parts[1]) + 1}${s?.name ? ` (${s.name})` : ''}`;
  }
  if (parts[0] === 'transitions' && parts[1] !== undefined) {
    const t = d.transitions[Number(parts[1])];
    return `Transition ${Number(parts[1]) + 1}${t?.name ? ` (${t.name})` : ''}`;
  }
  if (parts[0] === 'sla_seconds') return parts[1] ? `SLA for ${parts[1]}` : 'SLA';
  if (parts[0] === 'calendar') return 'Business hours';
  const top: Record<string, string> = { name: 'Name', department: 'Department', category: 'Category', sub_category: 'Sub-category', description: 'Description', warning_share: 'Warning', end_logic: 'End logic' };
  return top[parts[0]] ?? null;
}

/** The element id of the control an issue path names (for the summary's links). */
export function fieldId(path: string): string {
  return `wf-${path.replace(/\./g, '-')}`;
}
