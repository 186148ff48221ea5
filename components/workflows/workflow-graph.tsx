import type { WorkflowGraph as Graph } from '@/lib/workflows/get-workflow-graph';

const NODE_W = 168;
const NODE_H = 40;
const GAP = 40;
const PAD_X = 70;
const PAD_Y = 8;

/**
 * A workflow drawn as a graph (SVG, rendered on the server): its steps top to bottom in order, a
 * transition to a later step on the left, back to an earlier one (a rejection) on the right, and
 * "Done" for transitions that complete the task. The current step is filled, steps the task has
 * been through are ticked, and the transitions it took are drawn bold.
 */
export function WorkflowGraph({
  graph,
  currentStepId,
  path,
  isComplete,
  preview,
}: {
  graph: Graph;
  currentStepId: number | null;
  path: number[];
  isComplete: boolean;
  /**
   * The workflow editor's live preview instead of a task's path: no path is drawn, the start
   * step is marked, `flagged` steps (those an issue names) are outlined in red, and `caption`
   * replaces the path line.
   */
  preview?: { flagged: number[]; caption: string };
}) {
  const nodes = graph.steps;
  const hasEnd = graph.transitions.some((t) => t.to_step_id === null);
  const rows = nodes.length + (hasEnd ? 1 : 0);
  const width = NODE_W + PAD_X * 2;
  const height = PAD_Y * 2 + rows * NODE_H + (rows - 1) * GAP;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const END = nodes.length;
  const y = (i: number) => PAD_Y + i * (NODE_H + GAP);
  const cx = PAD_X + NODE_W / 2;
  const visited = new Set(path);
  const taken = new Set<string>();
  for (let i = 1; i < path.length; i++) taken.add(`${path[i - 1]}>${path[i]}`);
  if (isComplete && path.length) taken.add(`${path[path.length - 1]}>end`);

  const edges = graph.transitions.map((t) => {
    const from = index.get(t.from_step_id) ?? 0;
    const to = t.to_step_id === null ? END : (index.get(t.to_step_id) ?? END);
    const isTaken = taken.has(`${t.from_step_id}>${t.to_step_id ?? 'end'}`);
    let d: string;
    let labelX: number;
    let labelY: number;
    let anchor: 'start' | 'end' | 'middle' = 'start';
    if (to === from + 1) {
      d = `M ${cx} ${y(from) + NODE_H} L ${cx} ${y(to)}`;
      labelX = cx + 6;
      labelY = y(from) + NODE_H + GAP / 2 + 4;
    } else if (to > from) {
      const x = PAD_X;
      const bend = PAD_X - 30;
      d = `M ${x} ${y(from) + NODE_H / 2} C ${bend} ${y(from) + NODE_H / 2}, ${bend} ${y(to) + NODE_H / 2}, ${x} ${y(to) + NODE_H / 2}`;
      labelX = bend - 2;
      labelY = (y(from) + y(to) + NODE_H) / 2;
      anchor = 'end';
    } else {
      const x = PAD_X + NODE_W;
      const bend = x + 30 + (from - to - 1) * 8;
      d = `M ${x} ${y(from) + NODE_H / 2} C ${bend} ${y(from) + NODE_H / 2}, ${bend} ${y(to) + NODE_H / 2}, ${x} ${y(to) + NODE_H / 2}`;
      labelX = bend + 2;
      labelY = (y(from) + y(to) + NODE_H) / 2;
    }
    return { t, d, labelX, labelY, anchor, isTaken };
  });

  const pathNames = path.map((id) => nodes.find((n) => n.id === id)?.name ?? '?');
  const flagged = new Set(preview?.flagged ?? []);
  const description = preview
    ? `Steps in order: ${nodes.map((n) => `${n.name}${n.is_start ? ' (start)' : ''}${n.is_end ? ' (end)' : ''}`).join(', ')}. Transitions: ${
        graph.transitions.map((t) => `${t.name} from ${nodes.find((n) => n.id === t.from_step_id)?.name ?? '?'} to ${t.to_step_id === null ? 'Done' : (nodes.find((n) => n.id === t.to_step_id)?.name ?? '?')}`).join('; ') || 'none'
      }.${flagged.size ? ` Steps with problems: ${nodes.filter((n) => flagged.has(n.id)).map((n) => n.name).join(', ')}.` : ''}`
    : `Steps in order: ${nodes.map((n) => n.name).join(', ')}. Path taken: ${pathNames.join(' → ')}${isComplete ? ' → Done' : ''}.${
    currentStepId !== null && !isComplete ? ` Current step: ${nodes.find((n) => n.id === currentStepId)?.name ?? '?'}.` : ''
  }`;

  return (
    <figure className="grid gap-2" data-testid="workflow-graph">
      <svg viewBox={`0 0 ${width} ${height}`} className="mx-auto h-auto w-full max-w-xs" role="img" aria-label={`Workflow graph. ${description}`}>
        <defs>
          <marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-muted-foreground" />
          </marker>
          <marker id="wf-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-primary" />
          </marker>
        </defs>
        {edges.map((e) => (
          <g key={e.t.id} data-taken={e.isTaken || undefined}>
            <path
              d={e.d}
              fill="none"
              className={e.isTaken ? 'stroke-primary' : 'stroke-muted-foreground/60'}
              strokeWidth={e.isTaken ? 2.5 : 1.25}
              strokeDasharray={e.isTaken ? undefined : '4 3'}
              markerEnd={`url(#${e.isTaken ? 'wf-arrow-taken' : 'wf-arrow'})`}
            />
            <text x={e.labelX} y={e.labelY} textAnchor={e.anchor} className="fill-muted-foreground text-[10px]">
              {e.t.name}
            </text>
          </g>
        ))}
        {nodes.map((n, i) => {
          const current = n.id === currentStepId && !isComplete;
          const seen = visited.has(n.id);
          const isFlagged = flagged.has(n.id);
          return (
            <g key={n.id} data-step={n.name} data-current={current || undefined} data-visited={seen || undefined} data-flagged={isFlagged || undefined}>
              <rect
                x={PAD_X}
                y={y(i)}
                width={NODE_W}
                height={NODE_H}
                rx={8}
                className={
                  isFlagged ? 'fill-danger-soft stroke-danger' : current ? 'fill-primary stroke-primary' : seen ? 'fill-success-soft stroke-success' : 'fill-card stroke-border'
                }
                strokeWidth={current || isFlagged ? 2 : 1.5}
                strokeDasharray={isFlagged ? '5 3' : undefined}
              />
              {preview && n.is_start ? (
                <text x={PAD_X - 6} y={y(i) + NODE_H / 2 + 4} textAnchor="end" className="fill-muted-foreground text-[10px] font-medium">
                  Start
                </text>
              ) : null}
              <text x={cx} y={y(i) + NODE_H / 2 + 4} textAnchor="middle" className={`text-[13px] font-medium ${current ? 'fill-primary-foreground' : 'fill-foreground'}`}>
                {seen && !current ? '✓ ' : ''}
                {n.name.length > 22 ? `${n.name.slice(0, 21)}…` : n.name}
              </text>
            </g>
          );
        })}
        {hasEnd ? (
          <g data-step="Done" data-current={isComplete || undefined}>
            <rect
              x={PAD_X + NODE_W / 4}
              y={y(END)}
              width={NODE_W / 2}
              height={NODE_H}
              rx={NODE_H / 2}
              className={isComplete ? 'fill-success stroke-success' : 'fill-muted stroke-border'}
              strokeWidth={1.5}
            />
            <text x={cx} y={y(END) + NODE_H / 2 + 4} textAnchor="middle" className={`text-[13px] font-medium ${isComplete ? 'fill-background' : 'fill-muted-foreground'}`}>
              Done
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption className="text-xs text-muted-foreground">
        {preview ? (
          preview.caption
        ) : (
          <>
            Path taken: {pathNames.join(' → ')}
            {isComplete ? ' → Done' : ''}
          </>
        )}
      </figcaption>
    </figure>
  );
}
