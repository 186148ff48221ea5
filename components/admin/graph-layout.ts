/**
 * Where the workflow editor's preview draws each step and transition: steps in rows by distance
 * from the start step (breadth first along transitions), top to bottom, so a chain reads down the
 * page and fits a phone's width; a transition back up (a rejection looping to triage) or within a
 * row is drawn as an arc on the side. A transition with no target ends in the "End" terminal.
 * Steps the start cannot reach get a row of their own at the bottom, flagged.
 */
export interface GraphStepInput {
  key: string;
  name: string;
  is_start?: boolean;
  is_end?: boolean;
  order?: number;
}
export interface GraphTransitionInput {
  key: string;
  name: string;
  from: string;
  to: string | null;
}

export interface PlacedNode {
  key: string;
  name: string;
  x: number;
  y: number;
  isStart: boolean;
  isEnd: boolean;
  isUnreachable: boolean;
  /** The step's index in the definition (where its issues point: `steps.<index>`). */
  index: number;
}
export interface PlacedEdge {
  key: string;
  name: string;
  index: number;
  path: string;
  labelX: number;
  labelY: number;
  kind: 'forward' | 'back' | 'end' | 'dangling';
}
export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  end: { x: number; y: number } | null;
}

export const NODE_W = 150;
export const NODE_H = 48;
const GAP_X = 40;
const GAP_Y = 56;
const PAD = 16;
const SIDE = 56;

export function layoutGraph(steps: GraphStepInput[], transitions: GraphTransitionInput[]): GraphLayout {
  const keys = new Set(steps.map((s) => s.key));
  const start = steps.find((s) => s.is_start) ?? steps[0];
  const level = new Map<string, number>();
  if (start) {
    level.set(start.key, 0);
    const queue = [start.key];
    while (queue.length) {
      const k = queue.shift()!;
      for (const t of transitions) {
        if (t.from === k && t.to !== null && keys.has(t.to) && !level.has(t.to)) {
          level.set(t.to, level.get(k)! + 1);
          queue.push(t.to);
        }
      }
    }
  }
  const reachedDepth = Math.max(-1, ...level.values());
  const rows: string[][] = [];
  const byKey = new Map<string, { step: GraphStepInput; index: number }>();
  steps.forEach((step, index) => {
    if (!byKey.has(step.key)) byKey.set(step.key, { step, index });
  });
  for (const { step } of [...byKey.values()].sort((a, b) => (a.step.order ?? 0) - (b.step.order ?? 0) || a.index - b.index)) {
    const l = level.get(step.key) ?? reachedDepth + 1;
    (rows[l] ??= []).push(step.key);
  }
  const widest = Math.max(1, ...rows.map((r) => r?.length ?? 0));
  const innerW = widest * NODE_W + (widest - 1) * GAP_X;
  const width = innerW + 2 * PAD + SIDE;
  const nodes: PlacedNode[] = [];
  const pos = new Map<string, PlacedNode>();
  rows.forEach((row, l) => {
    if (!row) return;
    const rowW = row.length * NODE_W + (row.length - 1) * GAP_X;
    row.forEach((key, i) => {
      const { step, index } = byKey.get(key)!;
      const node: PlacedNode = {
        key,
        name: step.name,
        x: PAD + (innerW - rowW) / 2 + i * (NODE_W + GAP_X),
        y: PAD + l * (NODE_H + GAP_Y),
        isStart: step === start,
        isEnd: step.is_end ?? false,
        isUnreachable: !level.has(key),
        index,
      };
      nodes.push(node);
      pos.set(key, node);
    });
  });
  const hasEnd = transitions.some((t) => t.to === null && pos.has(t.from));
  const endY = PAD + rows.length * (NODE_H + GAP_Y);
  const end = hasEnd ? { x: PAD + innerW / 2, y: endY + 14 } : null;
  const height = (end ? end.y + 14 : PAD + Math.max(1, rows.length) * (NODE_H + GAP_Y) - GAP_Y) + PAD;

  // Several transitions between the same two steps are fanned out so their labels do not overlap.
  const seen = new Map<string, number>();
  const edges: PlacedEdge[] = [];
  transitions.forEach((t, index) => {
    const a = pos.get(t.from);
    const b = t.to === null ? null : pos.get(t.to);
    const pair = `${t.from}>${t.to}`;
    const nth = seen.get(pair) ?? 0;
    seen.set(pair, nth + 1);
    const fan = nth * 14;
    if (!a || (t.to !== null && !b)) {
      // Names a step that does not exist: drawn from what exists as a short stub.
      const x = (a?.x ?? PAD) + NODE_W / 2;
      const y = (a?.y ?? PAD) + NODE_H;
      edges.push({ key: t.key, name: t.name, index, path: `M${x},${y} l0,${GAP_Y / 2}`, labelX: x + 6, labelY: y + GAP_Y / 2, kind: 'dangling' });
      return;
    }
    const ax = a.x + NODE_W / 2 + fan;
    if (b === null || b === undefined) {
      const ey = end!.y - 10;
      const ay = a.y + NODE_H;
      const path = `M${ax},${ay} C${ax},${(ay + ey) / 2} ${end!.x},${(ay + ey) / 2} ${end!.x},${ey}`;
      edges.push({ key: t.key, name: t.name, index, path, labelX: (ax + end!.x) / 2 + 4, labelY: (ay + ey) / 2, kind: 'end' });
      return;
    }
    const la = level.get(a.key) ?? Infinity;
    const lb = level.get(b.key) ?? Infinity;
    if (lb > la && Number.isFinite(lb)) {
      const ay = a.y + NODE_H;
      const bx = b.x + NODE_W / 2 + fan;
      const by = b.y;
      const my = (ay + by) / 2;
      edges.push({ key: t.key, name: t.name, index, path: `M${ax},${ay} C${ax},${my} ${bx},${my} ${bx},${by}`, labelX: (ax + bx) / 2 + 4, labelY: my, kind: 'forward' });
      return;
    }
    // Back (or sideways): out of the source's right side, round the outside, into the target's right side.
    const sx = a.x + NODE_W;
    const sy = a.y + NODE_H / 2 + fan / 2;
    const tx = b.x + NODE_W;
    const ty = b.y + NODE_H / 2 - fan / 2;
    const outX = PAD + innerW + SIDE - 8 - fan;
    edges.push({
      key: t.key,
      name: t.name,
      index,
      path: `M${sx},${sy} C${outX},${sy} ${outX},${ty} ${tx},${ty}`,
      labelX: outX - 4,
      labelY: (sy + ty) / 2,
      kind: 'back',
    });
  });
  return { width, height, nodes, edges, end };
}
