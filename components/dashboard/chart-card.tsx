import { Download } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/components/ui/cn';

export interface Column<T> {
  label: string;
  value: (row: T) => ReactNode;
  numeric?: boolean;
}

/**
 * One chart of the dashboard: its title, the chart, the same rows as a table (folded, for those
 * who want the numbers or cannot see the chart), and the CSV download of those rows.
 */
export function ChartCard<T>({
  id,
  title,
  description,
  csvHref,
  legend,
  chart,
  rows,
  columns,
  rowKey,
  empty,
  className,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  csvHref: string;
  legend?: ReactNode;
  chart: ReactNode;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** Shown instead of the chart and table when there are no rows. */
  empty: string | null;
  className?: string;
}) {
  return (
    <Card id={id} aria-labelledby={`${id}-title`} data-testid={`chart-${id}`} className={cn('min-w-0', className)}>
      <CardHeader className="flex-nowrap">
        <div className="grid min-w-0 gap-1">
          <CardTitle id={`${id}-title`}>{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </div>
        <Button variant="outline" size="sm" asChild>
          <a href={csvHref} download aria-label={`Download ${title} as CSV`}>
            <Download aria-hidden />
            CSV
          </a>
        </Button>
      </CardHeader>
      <CardContent className="grid gap-3">
        {empty ? (
          <p className="py-6 text-center text-sm text-muted-foreground" data-testid="chart-empty">
            {empty}
          </p>
        ) : (
          <>
            {legend}
            {chart}
            <details className="group rounded-md border">
              <summary className="cursor-pointer px-3 py-2 text-sm font-medium select-none hover:bg-muted/50">Show as a table</summary>
              <Table aria-label={title} data-testid={`table-${id}`}>
                <TableHeader>
                  <TableRow>
                    {columns.map((c) => (
                      <TableHead key={c.label} className={c.numeric ? 'text-right' : undefined}>
                        {c.label}
                      </TableHead>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={rowKey(r)}>
                      {columns.map((c) => (
                        <TableCell key={c.label} className={c.numeric ? 'text-right tabular-nums' : 'break-words'}>
                          {c.value(r)}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </details>
          </>
        )}
      </CardContent>
    </Card>
  );
}
