import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '../db/schema';
import { DEMO_SLA, demoGraph } from '../demo/seed-demo';
import type { WorkflowDefinition } from './schemas';
import { graphIssues } from './validate-workflow';

function def(graph: WorkflowGraph, overrides: Partial<WorkflowDefinition> = {}): WorkflowDefinition {
  return {
    name: 'W',
    description: '',
    department: 'D',
    category: 'C',
    subCategory: null,
    slaSeconds: DEMO_SLA,
    endLogic: 'none',
    calendar: null,
    warningShare: null,
    graph,
    ...overrides,
  };
}
const messages = (d: WorkflowDefinition) => graphIssues(d).map((i) => i.message);
const step = (key: string, extra: Partial<WorkflowGraph['steps'][number]> = {}) => ({ key, name: key.toUpperCase(), roleId: 1, weight: 1, order: 0, ...extra });

describe('graphIssues', () => {
  it('accepts the demo workflow (with its Reject loop) and a step finalized without transitions', () => {
    expect(graphIssues(def(demoGraph(4)))).toEqual([]);
    const g: WorkflowGraph = { steps: [step('a', { isStart: true }), step('b', { isEnd: true })], transitions: [{ key: 't', name: 'T', from: 'a', to: 'b' }] };
    expect(graphIssues(def(g))).toEqual([]);
  });

  it('needs exactly one start step', () => {
    const none = demoGraph(4);
    none.steps[0].isStart = false;
    expect(messages(def(none))).toContain('A workflow needs exactly one start step; none is marked is_start');
    const two = demoGraph(4);
    two.steps[1].isStart = true;
    expect(messages(def(two))).toContain('A workflow needs exactly one start step; 2 are marked is_start ("Triage", "Resolve")');
  });

  it('names a step that cannot be reached from the start', () => {
    const g = demoGraph(4);
    g.steps.push({ ...step('orphan'), name: 'Orphan', isEnd: true });
    expect(graphIssues(def(g))).toEqual([{ path: 'steps.3', message: 'Step "Orphan" cannot be reached from the start step "Triage"' }]);
  });

  it('names a dead end', () => {
    const g = demoGraph(4);
    g.steps.push({ ...step('limbo'), name: 'Limbo' });
    g.transitions.push({ key: 'park', name: 'Park', from: 'resolve', to: 'limbo' });
    const issues = graphIssues(def(g));
    expect(issues).toContainEqual({ path: 'steps.3', message: 'Step "Limbo" is a dead end: no transition leaves it and it is not an end step' });
    expect(issues).toContainEqual({ path: 'steps.3', message: 'No end step can be reached from step "Limbo"' });
  });

  it('names steps caught in a loop with no way to an end', () => {
    const g: WorkflowGraph = {
      steps: [step('a', { isStart: true }), step('b'), step('c'), step('done', { isEnd: true })],
      transitions: [
        { key: 'ab', name: 'A to B', from: 'a', to: 'b' },
        { key: 'ad', name: 'A done', from: 'a', to: 'done' },
        { key: 'bc', name: 'B to C', from: 'b', to: 'c' },
        { key: 'cb', name: 'C to B', from: 'c', to: 'b' },
      ],
    };
    expect(messages(def(g))).toEqual(['No end step can be reached from step "B"', 'No end step can be reached from step "C"']);
  });

  it('needs an end step, and an end step that can actually finish', () => {
    const g = demoGraph(4);
    g.steps[2].isEnd = false;
    const m = messages(def(g));
    expect(m).toContain('A workflow needs at least one end step; none is marked is_end');
    expect(m).toContain('Transition "Complete" finishes the workflow from step "Finalize", which is not an end step');

    const looping = demoGraph(4);
    looping.transitions = looping.transitions.filter((t) => t.key !== 'complete');
    looping.transitions.push({ key: 'reopen', name: 'Reopen', from: 'finalize', to: 'triage' });
    expect(messages(def(looping))).toContain(
      'End step "Finalize" has outgoing transitions but none finishes the workflow (add one with "to": null, or remove them to finalize there)',
    );
  });

  it('names transitions that point at missing steps and duplicate keys', () => {
    const g = demoGraph(4);
    g.transitions.push({ key: 'submit', name: 'Bounce', from: 'nowhere', to: 'triage' });
    g.transitions.push({ key: 'fly', name: 'Fly', from: 'triage', to: 'moon' });
    g.steps.push({ ...step('triage'), name: 'Triage Again', isEnd: true });
    const issues = graphIssues(def(g));
    expect(issues).toContainEqual({ path: 'transitions.4.key', message: 'Transition "Bounce": key "submit" is already used by transition "Submit"' });
    expect(issues).toContainEqual({ path: 'transitions.4.from', message: 'Transition "Bounce" leaves from step "nowhere", which does not exist' });
    expect(issues).toContainEqual({ path: 'transitions.5.to', message: 'Transition "Fly" goes to step "moon", which does not exist' });
    expect(issues).toContainEqual({ path: 'steps.3.key', message: 'Step "Triage Again": key "triage" is already used by step "Triage"' });
  });

  it('wants shorter SLAs for higher priorities', () => {
    const issues = graphIssues(def(demoGraph(4), { slaSeconds: { Critical: 8 * 3600, High: 8 * 3600, Medium: 4 * 3600, Low: 100 * 3600 } }));
    expect(issues).toEqual([
      { path: 'sla_seconds.Critical', message: 'SLA for Critical (28800 s) must be shorter than for High (28800 s): Critical < High < Medium < Low' },
      { path: 'sla_seconds.High', message: 'SLA for High (28800 s) must be shorter than for Medium (14400 s): Critical < High < Medium < Low' },
    ]);
  });

  it('checks the business calendar', () => {
    const issues = graphIssues(
      def(demoGraph(4), { calendar: { timezone: 'Mars/Olympus', workingDays: [1], start: '17:00', end: '09:00', holidays: [] } }),
    );
    expect(issues.map((i) => i.path)).toEqual(['calendar.timezone', 'calendar.end']);
  });
});
