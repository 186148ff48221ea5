import { History } from 'lucide-react';
import { LocalTime } from '@/components/time/local-time';
import { formatDuration } from '@/components/time/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Label, Select } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { diffWorkflowVersions } from '@/lib/admin/diff-workflow-versions';
import type { listWorkflowVersionUsage } from '@/lib/admin/list-workflow-version-usage';

type Usage = Awaited<ReturnType<typeof listWorkflowVersionUsage>>[number];
type Diff = Awaited<ReturnType<typeof diffWorkflowVersions>>;
type VersionRow = Omit<Usage, 'publishedAt'> & { publishedAt: string; publisher: string };

const KIND = { added: { label: 'Added', tone: 'success' }, removed: { label: 'Removed', tone: 'danger' }, changed: { label: 'Changed', tone: 'info' } } as const;

/** A changed value for people: durations for SLAs, role names for roles, a step or transition in a line. */
function describe(path: string, value: unknown, roleName: (id: number) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (path.startsWith('sla_seconds.') && typeof value === 'number') return formatDuration(value);
  if (/\.(role|escalate_to)$/.test(path) && typeof value === 'number') return roleName(value);
  if (path === 'warning_share' && typeof value === 'number') return `${Math.round(value * 1000) / 10} %`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (path.startsWith('step ') && !path.includes('.') && typeof value === 'object') {
    const s = value as { name?: string; roleId?: number; weight?: number; isStart?: boolean; isEnd?: boolean };
    return [s.name, s.roleId ? `role ${roleName(s.roleId)}` : null, s.weight ? `weight ${s.weight}` : null, s.isStart ? 'start' : null, s.isEnd ? 'end' : null].filter(Boolean).join(', ');
  }
  if (path.startsWith('transition ') && !path.includes('.') && typeof value === 'object') {
    const t = value as { name?: string; from?: string; to?: string | null };
    return `${t.name}: ${t.from} → ${t.to ?? 'finish'}`;
  }
  if (path === 'calendar' && typeof value === 'object') {
    const c = value as { timezone: string; workingDays: number[]; start: string; end: string; holidays: string[] };
    return `${c.timezone}, days ${c.workingDays.join(',')}, ${c.start}–${c.end}${c.holidays.length ? `, ${c.holidays.length} holidays` : ''}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The published versions of a workflow, how many tasks run on each (tasks keep the version they
 * started on), and what changed between two of them (or between a version and the saved edits).
 * The comparison is a plain GET form, so it is a bookmarkable URL and works without JavaScript.
 */
export function VersionHistory({
  workflowId,
  currentVersionId,
  hasDraftChanges,
  versions,
  diff,
  roles,
}: {
  workflowId: number;
  currentVersionId: number | null;
  hasDraftChanges: boolean;
  versions: VersionRow[];
  diff: Diff | null;
  roles: Array<{ id: number; name: string }>;
}) {
  const roleName = (id: number) => roles.find((r) => r.id === id)?.name ?? `role ${id}`;
  const label = (v: number | 'draft') => (v === 'draft' ? 'the saved edits' : `version ${v}`);
  return (
    <Card id="versions">
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle>Versions</CardTitle>
          <CardDescription>Each publish freezes a version. New tickets follow the current one; running tasks finish on theirs.</CardDescription>
        </div>
      </CardHeader>
      {versions.length === 0 ? (
        <EmptyState icon={History} title="Not published yet">
          Publish the workflow to make version 1; tickets follow it from then on.
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Versions">
            <TableHeader>
              <TableRow>
                <TableHead>Version</TableHead>
                <TableHead>Published</TableHead>
                <TableHead className="text-right">Running tasks</TableHead>
                <TableHead className="text-right">Finished</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {[...versions].reverse().map((v) => (
                <TableRow key={v.id} data-testid="version-row" data-version={v.version}>
                  <TableCell className="font-medium whitespace-nowrap">
                    v{v.version} {v.id === currentVersionId ? <Badge tone="success">Current</Badge> : null}
                  </TableCell>
                  <TableCell>
                    <LocalTime value={v.publishedAt} className="block" />
                    <span className="text-xs text-muted-foreground">by {v.publisher}</span>
                  </TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="version-running">
                    {v.runningTasks}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{v.finishedTasks}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <CardContent className="grid gap-4 border-t" id="changes">
            <form method="get" action={`/admin/workflows/${workflowId}#changes`} className="flex flex-wrap items-end gap-3">
              <div className="grid gap-1.5">
                <Label htmlFor="diff-from">Compare</Label>
                <Select id="diff-from" name="from" defaultValue={diff ? String(diff.from) : String(versions[0].version)} className="w-auto">
                  {versions.map((v) => (
                    <option key={v.id} value={v.version}>
                      Version {v.version}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="diff-to">with</Label>
                <Select id="diff-to" name="to" defaultValue={diff ? String(diff.to) : String(versions.at(-1)!.version)} className="w-auto">
                  {versions.map((v) => (
                    <option key={v.id} value={v.version}>
                      Version {v.version}
                    </option>
                  ))}
                  {hasDraftChanges ? <option value="draft">Saved edits (not published)</option> : null}
                </Select>
              </div>
              <Button type="submit" variant="outline">
                Show changes
              </Button>
            </form>
            {diff ? (
              <div className="grid gap-2" data-testid="version-diff">
                <h3 className="text-sm font-semibold">
                  From {label(diff.from)} to {label(diff.to)}: {diff.changes.length === 0 ? 'no changes' : `${diff.changes.length} ${diff.changes.length === 1 ? 'change' : 'changes'}`}
                </h3>
                {diff.changes.length ? (
                  <ul className="divide-y rounded-md border">
                    {diff.changes.map((c) => (
                      <li key={`${c.kind}-${c.path}`} className="grid gap-1 px-3 py-2 text-sm sm:grid-cols-[7rem_minmax(0,1fr)]" data-testid="version-change">
                        <span>
                          <Badge tone={KIND[c.kind].tone}>{KIND[c.kind].label}</Badge>
                        </span>
                        <span className="min-w-0 break-words">
                          <span className="font-medium">{c.label}</span>
                          {c.kind === 'changed' ? (
                            <span className="text-muted-foreground">
                              {': '}
                              <del className="decoration-danger/60">{describe(c.path, c.before, roleName)}</del> → <ins className="no-underline text-foreground">{describe(c.path, c.after, roleName)}</ins>
                            </span>
                          ) : (
                            <span className="text-muted-foreground">: {describe(c.path.split('.')[0], c.kind === 'added' ? c.after : c.before, roleName)}</span>
                          )}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-muted-foreground">One version so far, and no saved edits since: nothing to compare yet.</p>
            )}
          </CardContent>
        </>
      )}
    </Card>
  );
}
