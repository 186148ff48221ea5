import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { displayText } from '@/lib/display-text';

/** "cost_items" → "Cost items". */
export function fieldLabel(key: string): string {
  return key.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return displayText(v);
}

/**
 * A value HDTS sent with the ticket, readable: a list of objects (cost items) as a table, an
 * object as label/value pairs, a list of plain values as a list; nested at most a few levels.
 */
export function PayloadValue({ value, label, depth = 0 }: { value: unknown; label: string; depth?: number }) {
  if (depth > 3) return <span className="font-mono text-xs">{scalar(value)}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-muted-foreground">none</span>;
    if (value.every(isRecord)) {
      const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
      return (
        <Table aria-label={label} className="rounded-md border">
          <TableHeader>
            <TableRow>
              {columns.map((c) => (
                <TableHead key={c}>{fieldLabel(c)}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {value.map((row, i) => (
              <TableRow key={i}>
                {columns.map((c) => (
                  <TableCell key={c}>
                    <PayloadValue value={row[c]} label={fieldLabel(c)} depth={depth + 1} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      );
    }
    return (
      <ul className="list-disc pl-5">
        {(value as unknown[]).map((v, i) => (
          <li key={i}>
            <PayloadValue value={v} label={label} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className="text-muted-foreground">none</span>;
    return (
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted-foreground">{fieldLabel(k)}</dt>
            <dd>
              <PayloadValue value={v} label={fieldLabel(k)} depth={depth + 1} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span className="whitespace-pre-wrap">{scalar(value)}</span>;
}
