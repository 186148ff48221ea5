import { describe, expect, it } from 'vitest';
import { workflowInputSchema } from '@/lib/workflows/schemas';
import { draftFromJson, draftToInput, emptyDraft, issuePlace, issueSentence, keyFromName, slaField } from './workflow-draft';

const stored = {
  name: 'Asset Check In',
  description: 'From HDTS',
  department: 'Asset Department',
  category: 'Asset Check In',
  sub_category: null,
  sla_seconds: { Critical: 4 * 3600, High: 8 * 3600, Medium: 2 * 86_400, Low: 90 },
  end_logic: 'asset' as const,
  calendar: { timezone: 'Europe/Berlin', working_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30', holidays: ['2026-12-25', '2026-12-26'] },
  warning_share: 0.75,
  steps: [
    { key: 'resolve', name: 'Resolve', role: 4, escalate_to: 1, instruction: 'Decide', weight: 2, order: 2, is_start: false, is_end: false },
    { key: 'triage', name: 'Triage', role: 1, escalate_to: null, instruction: '', weight: 1, order: 1, is_start: true, is_end: false },
    { key: 'finalize', name: 'Finalize', role: 1, escalate_to: 1, instruction: '', weight: 1, order: 3, is_start: false, is_end: true },
  ],
  transitions: [
    { key: 'submit', name: 'Submit', from: 'triage', to: 'resolve' },
    { key: 'reject', name: 'Reject', from: 'resolve', to: 'triage' },
    { key: 'approve', name: 'Approve', from: 'resolve', to: 'finalize' },
    { key: 'complete', name: 'Complete', from: 'finalize', to: null },
  ],
};

describe('the workflow editor draft', () => {
  it('gives back the definition it was loaded from, steps in their order', () => {
    const body = draftToInput(draftFromJson(stored));
    expect(body.steps.map((s) => s.key)).toEqual(['triage', 'resolve', 'finalize']);
    expect(body.steps.map((s) => s.order)).toEqual([1, 2, 3]);
    expect(body).toMatchObject({ sla_seconds: stored.sla_seconds, warning_share: 0.75, calendar: stored.calendar, transitions: stored.transitions, sub_category: null });
    expect(workflowInputSchema.safeParse(body).success).toBe(true);
  });

  it('keeps transitions on their steps when a step key is renamed', () => {
    const d = draftFromJson(stored);
    d.steps[1].key = 'decide';
    const body = draftToInput(d);
    expect(body.transitions.find((t) => t.key === 'submit')).toMatchObject({ from: 'triage', to: 'decide' });
    expect(body.transitions.find((t) => t.key === 'approve')).toMatchObject({ from: 'decide', to: 'finalize' });
  });

  it('sends what is not a number so that the check names the field', () => {
    const d = emptyDraft();
    d.sla.High.value = 'soon';
    d.steps[0].weight = '';
    d.warning_pct = 'lots';
    const parsed = workflowInputSchema.safeParse(draftToInput(d));
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['sla_seconds.High', 'steps.0.weight', 'warning_share', 'steps.0.role']));
  });

  it('says durations in the largest exact unit and makes keys from names', () => {
    expect(slaField(7200)).toEqual({ value: '2', unit: 'h' });
    expect(slaField(90)).toEqual({ value: '90', unit: 's' });
    expect(slaField(172_800)).toEqual({ value: '2', unit: 'd' });
    expect(keyFromName('Manager approval (2nd)')).toBe('manager_approval_2nd');
    expect(keyFromName('Prüfung – Büro')).toBe('prufung_buro');
  });

  it('says issues as sentences, with their place', () => {
    const d = draftFromJson(stored);
    expect(issueSentence({ path: 'steps.1.role', message: 'must be a role id' })).toBe('Choose a role.');
    expect(issueSentence({ path: 'steps.0.weight', message: 'Invalid input: expected number, received null' })).toMatch(/^Weight must be a number/);
    expect(issueSentence({ path: 'steps.2', message: 'Step "Finalize" is a dead end' })).toBe('Step "Finalize" is a dead end');
    expect(issuePlace('steps.1.role', d)).toBe('Step 2 (Resolve)');
    expect(issuePlace('transitions.3.to', d)).toBe('Transition 4 (Complete)');
    expect(issuePlace('sla_seconds.High', d)).toBe('SLA for High');
  });
});
