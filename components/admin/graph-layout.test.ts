import { describe, expect, it } from 'vitest';
import { layoutGraph } from './graph-layout';

const steps = [
  { key: 'triage', name: 'Triage', is_start: true, order: 1 },
  { key: 'resolve', name: 'Resolve', order: 2 },
  { key: 'finalize', name: 'Finalize', is_end: true, order: 3 },
  { key: 'orphan', name: 'Orphan', order: 4 },
];
const transitions = [
  { key: 'submit', name: 'Submit', from: 'triage', to: 'resolve' },
  { key: 'approve', name: 'Approve', from: 'resolve', to: 'finalize' },
  { key: 'reject', name: 'Reject', from: 'resolve', to: 'triage' },
  { key: 'complete', name: 'Complete', from: 'finalize', to: null },
  { key: 'bad', name: 'Bad', from: 'triage', to: 'nowhere' },
];

describe('layoutGraph', () => {
  it('puts steps in rows by distance from the start and tells the kinds of edges apart', () => {
    const g = layoutGraph(steps, transitions);
    const y = Object.fromEntries(g.nodes.map((n) => [n.key, n.y]));
    expect(y.triage).toBeLessThan(y.resolve);
    expect(y.resolve).toBeLessThan(y.finalize);
    expect(y.finalize).toBeLessThan(y.orphan);
    expect(g.nodes.find((n) => n.key === 'orphan')).toMatchObject({ isUnreachable: true, index: 3 });
    expect(Object.fromEntries(g.edges.map((e) => [e.key, e.kind]))).toEqual({
      submit: 'forward',
      approve: 'forward',
      reject: 'back',
      complete: 'end',
      bad: 'dangling',
    });
    expect(g.end).not.toBeNull();
    expect(g.end!.y).toBeGreaterThan(y.orphan);
    for (const n of g.nodes) expect(n.x + 150).toBeLessThanOrEqual(g.width);
  });

  it('draws an empty definition without failing', () => {
    expect(layoutGraph([], [])).toMatchObject({ nodes: [], edges: [], end: null });
  });
});
