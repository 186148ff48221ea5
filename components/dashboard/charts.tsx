import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';

/**
 * The dashboard's charts: SVG drawn on the server with visx (no client JavaScript; Playwright and
 * screen readers read them as they are). Each series has a tone (a theme colour, so dark mode
 * follows) and every chart has a text alternative (`label`) besides the table next to it.
 */

export type Tone = 'primary' | 'info' | 'success' | 'warning' | 'danger' | 'muted';

const FILL: Record<Tone, string> = {
  primary: 'fill-primary',
  info: 'fill-info',
  success: 'fill-success',
  warning: 'fill-warning',
  danger: 'fill-danger',
  muted: 'fill-muted-foreground/50',
};
const STROKE: Record<Tone, string> = {
  primary: 'stroke-primary',
  info: 'stroke-info',
  success: 'stroke-success',
  warning: 'stroke-warning',
  danger: 'stroke-danger',
  muted: 'stroke-muted-foreground/50',
};
const SWATCH: Record<Tone, string> = {
  primary: 'bg-primary',
  info: 'bg-info',
  success: 'bg-success',
  warning: 'bg-warning',
  danger: 'bg-danger',
  muted: 'bg-muted-foreground/50',
};

export interface Series {
  key: string;
  label: string;
  tone: Tone;
}

export function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-hidden>
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span className={`inline-block size-2.5 rounded-sm ${SWATCH[s.tone]}`} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

// Narrow on purpose: the SVG scales to its card, and text must stay readable on a 390 px phone.
const WIDTH = 400;

/**
 * Horizontal bars, one group per row, the row's label above its bars (so long workflow and step
 * names fit a phone): `stacked` puts the series end to end (a backlog by age), otherwise each
 * series gets its own thin bar (compliance of items and of tasks).
 */
export function BarRows({
  rows,
  series,
  label,
  stacked,
  max,
  format = String,
  testId,
}: {
  rows: Array<{ key: string; label: string; values: Record<string, number | null> }>;
  series: Series[];
  label: string;
  stacked?: boolean;
  /** The scale's end (100 for shares); default: the largest value (or stacked total). */
  max?: number;
  format?: (v: number) => string;
  testId?: string;
}) {
  const barH = stacked ? 14 : 10;
  const gap = 3;
  const labelH = 16;
  const barsH = stacked ? barH : series.length * (barH + gap) - gap;
  const rowH = labelH + barsH + 14;
  const valueW = 58;
  const height = rows.length * rowH + 4;
  const totals = rows.map((r) => (stacked ? series.reduce((n, s) => n + (r.values[s.key] ?? 0), 0) : Math.max(0, ...series.map((s) => r.values[s.key] ?? 0))));
  const x = scaleLinear<number>({ domain: [0, max ?? Math.max(1, ...totals)], range: [0, WIDTH - valueW] });
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full" role="img" aria-label={label} data-testid={testId}>
      {rows.map((r, i) => {
        let offset = 0;
        return (
          <Group key={r.key} top={i * rowH} data-row={r.label}>
            <text x={0} y={12} className="fill-foreground text-[12px]">
              {r.label.length > 80 ? `${r.label.slice(0, 79)}…` : r.label}
            </text>
            <rect x={0} y={labelH} width={WIDTH - valueW} height={barsH} className="fill-muted" rx={2} />
            {series.map((s, si) => {
              const v = r.values[s.key];
              if (v === null || v === undefined) return null;
              const w = x(v);
              const bar = stacked ? (
                <Bar key={s.key} x={x(offset)} y={labelH} width={Math.max(0, w)} height={barH} className={FILL[s.tone]} data-series={s.key} data-value={v} />
              ) : (
                <Bar key={s.key} x={0} y={labelH + si * (barH + gap)} width={Math.max(0, w)} height={barH} className={FILL[s.tone]} rx={2} data-series={s.key} data-value={v} />
              );
              if (stacked) offset += v;
              return bar;
            })}
            {stacked ? (
              <text x={WIDTH - valueW + 8} y={labelH + barH - 2} className="fill-foreground text-[12px] font-medium">
                {format(totals[i])}
              </text>
            ) : (
              series.map((s, si) => {
                const v = r.values[s.key];
                return (
                  <text key={s.key} x={WIDTH - valueW + 8} y={labelH + si * (barH + gap) + barH - 1} className="fill-muted-foreground text-[11px]">
                    {v === null || v === undefined ? '—' : format(v)}
                  </text>
                );
              })
            )}
          </Group>
        );
      })}
    </svg>
  );
}

const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Values per day as lines (breaches and warnings, created and resolved), days along the bottom. */
export function DayLines({
  days,
  series,
  values,
  label,
  testId,
}: {
  days: string[];
  series: Series[];
  values: Array<Record<string, number>>;
  label: string;
  testId?: string;
}) {
  const height = 200;
  const m = { top: 10, right: 8, bottom: 26, left: 28 };
  const innerW = WIDTH - m.left - m.right;
  const innerH = height - m.top - m.bottom;
  const top = Math.max(1, ...values.flatMap((v) => series.map((s) => v[s.key] ?? 0)));
  const x = scaleBand<string>({ domain: days, range: [0, innerW], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, top], range: [innerH, 0], nice: true });
  // Counts: whole-number ticks only (a day has 0 or 1 breaches, never 0.4).
  const yTicks = y.ticks(Math.min(4, top)).filter((t) => Number.isInteger(t));
  const every = Math.max(1, Math.ceil(days.length / 5));
  const cx = (day: string) => (x(day) ?? 0) + x.bandwidth() / 2;
  const isSparse = days.length <= 45;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full" role="img" aria-label={label} data-testid={testId}>
      <Group left={m.left} top={m.top}>
        {yTicks.map((t) => (
          <line key={t} x1={0} x2={innerW} y1={y(t)} y2={y(t)} className="stroke-border" strokeDasharray="3 3" />
        ))}
        {series.map((s) => (
          <g key={s.key} data-series={s.key}>
            <LinePath<Record<string, number>>
              data={values}
              x={(_d, i) => cx(days[i])}
              y={(d) => y(d[s.key] ?? 0)}
              className={STROKE[s.tone]}
              strokeWidth={2}
              fill="none"
            />
            {isSparse
              ? values.map((v, i) =>
                  (v[s.key] ?? 0) > 0 ? <circle key={days[i]} cx={cx(days[i])} cy={y(v[s.key] ?? 0)} r={3} className={FILL[s.tone]} data-day={days[i]} data-value={v[s.key]} /> : null,
                )
              : null}
          </g>
        ))}
        <AxisLeft
          scale={y}
          tickValues={yTicks}
          tickFormat={(v) => String(v)}
          hideAxisLine
          hideTicks
          tickLabelProps={() => ({ fill: 'var(--color-muted-foreground)', fontSize: 11, textAnchor: 'end', dx: -4, dy: '0.33em' })}
        />
        <AxisBottom
          top={innerH}
          scale={x}
          tickValues={days.filter((_d, i) => i % every === 0)}
          tickFormat={shortDay}
          stroke="var(--color-border)"
          tickStroke="var(--color-border)"
          tickLabelProps={() => ({ fill: 'var(--color-muted-foreground)', fontSize: 11, textAnchor: 'middle' })}
        />
      </Group>
    </svg>
  );
}
