import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { currentSession } from '@/auth';
import { CommentsSection } from '@/components/comments/comments-section';
import { LiveRefresh } from '@/components/live/live-refresh';
import { HistoryList } from '@/components/tasks/history-list';
import { fieldLabel, PayloadValue } from '@/components/tasks/payload-value';
import { PriorityBadge } from '@/components/tasks/priority-badge';
import { pathTaken } from '@/components/tasks/task-item-view';
import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Fact } from '@/components/ui/fact';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { WorkflowGraph } from '@/components/workflows/workflow-graph';
import { loadCommentThread } from '@/lib/comments/load-comment-thread';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { AppError } from '@/lib/errors';
import { getTicketJourney } from '@/lib/tickets/get-ticket-journey';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ ticket_number: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).ticket_number).slice(0, 40) };
}

const ITEM_STATUS: Record<string, string> = { new: 'New', in_progress: 'In progress', breached: 'Breached', resolved: 'Done', reassigned: 'Transferred', escalated: 'Escalated' };
const SHOWN = new Set(['ticket_number', 'ticket_id', 'subject', 'description', 'department', 'category', 'sub_category', 'subcategory', 'priority', 'status', 'employee', 'source_service']);

export default async function TicketPage({ params }: { params: Promise<{ ticket_number: string }> }) {
  const session = await currentSession();
  if (!session?.user?.id) redirect('/signin');
  const userId = Number(session.user.id);
  const number = (await params).ticket_number;
  if (number.length > 64 || /[\u0000\ud800-\udfff]/.test(number)) notFound();
  let journey;
  try {
    journey = await withDeadline(getTicketJourney(getDb(), number, userId));
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  const { ticket } = journey;
  const thread = await withDeadline(loadCommentThread(getDb(), { ticketNumber: ticket.ticket_number, viewerId: userId }));
  const employee = ticket.payload.employee as { name?: string; email?: string } | undefined;
  const extra = Object.entries(ticket.payload).filter(([k, v]) => !SHOWN.has(k) && v !== null && v !== undefined && v !== '');
  const isComplete = ticket.task?.status === 'completed';
  return (
    <div className="grid grid-cols-1 gap-3">
      <LiveRefresh events={['task-item:changed']} ticket={ticket.ticket_number} />
      <Link href="/tickets" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        Tickets
      </Link>
      <PageHeader
        title={
          <>
            <span className="text-muted-foreground">{ticket.ticket_number}</span> {ticket.subject}
          </>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={ticket.status === 'Resolved' ? 'success' : 'neutral'} data-testid="ticket-status">
              {ticket.status}
            </Badge>
            <PriorityBadge priority={ticket.priority} />
            {ticket.task ? (
              <span>
                {ticket.task.workflow.name} (v{ticket.task.workflow.version}){ticket.task.current_step && !isComplete ? ` / ${ticket.task.current_step.name}` : ''}
              </span>
            ) : (
              <span>Not routed{ticket.routing_note ? `: ${ticket.routing_note}` : ''}</span>
            )}
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="grid min-w-0 content-start gap-5">
          <Card>
            <CardHeader>
              <CardTitle>Journey</CardTitle>
            </CardHeader>
            <CardContent>
              {journey.items.length ? (
                <>
                {/* A phone gets the items as a list; the table from `sm` up. */}
                <ol aria-label="Task items" className="grid gap-2 sm:hidden" data-testid="journey-cards">
                  {journey.items.map((i) => (
                    <li key={i.id} className="grid gap-0.5 rounded-md border px-3 py-2 text-sm">
                      <Link href={`/tasks/${i.id}`} className="font-medium text-primary hover:underline">
                        {i.step.name}
                      </Link>
                      <span>
                        {i.holder_name ?? `User ${i.user_id}`} · {ITEM_STATUS[i.status] ?? i.status}
                        {i.origin !== 'system' ? <span className="text-muted-foreground"> · {i.origin}</span> : null}
                      </span>
                      <LocalTime value={i.assigned_at} className="text-xs text-muted-foreground" />
                    </li>
                  ))}
                </ol>
                <Table aria-label="Task items" className="hidden sm:table">
                  <TableHeader>
                    <TableRow>
                      <TableHead>Step</TableHead>
                      <TableHead>Held by</TableHead>
                      <TableHead>Status</TableHead>
                      <TableHead>Assigned</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {journey.items.map((i) => (
                      <TableRow key={i.id}>
                        <TableCell>
                          <Link href={`/tasks/${i.id}`} className="text-primary hover:underline">
                            {i.step.name}
                          </Link>
                          {i.origin !== 'system' ? <span className="block text-xs text-muted-foreground">{i.origin}</span> : null}
                        </TableCell>
                        <TableCell>{i.holder_name ?? `User ${i.user_id}`}</TableCell>
                        <TableCell>{ITEM_STATUS[i.status] ?? i.status}</TableCell>
                        <TableCell>
                          <LocalTime value={i.assigned_at} className="text-xs" />
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                </>
              ) : (
                <p className="text-sm text-muted-foreground">No task yet: the ticket has not been routed to a workflow.</p>
              )}
            </CardContent>
          </Card>
          {ticket.description ? (
            <Card>
              <CardHeader>
                <CardTitle>Description</CardTitle>
              </CardHeader>
              <CardContent>
                <p className="whitespace-pre-wrap">{ticket.description}</p>
              </CardContent>
            </Card>
          ) : null}
          <CommentsSection thread={thread} />
          <Card>
            <CardHeader>
              <CardTitle>History</CardTitle>
            </CardHeader>
            <CardContent>
              <HistoryList history={journey.history} />
            </CardContent>
          </Card>
        </div>
        <div className="grid min-w-0 content-start gap-5">
          <Card>
            <CardHeader>
              <CardTitle>Ticket</CardTitle>
            </CardHeader>
            <CardContent>
              <dl aria-label="Ticket details" className="grid gap-3 text-sm">
                {employee?.name || employee?.email ? <Fact label="Requester">{[employee.name, employee.email ? `<${employee.email}>` : null].filter(Boolean).join(' ')}</Fact> : null}
                {'coordinator_name' in journey && journey.coordinator_name ? <Fact label="Coordinator">{journey.coordinator_name}</Fact> : null}
                <Fact label="Department">{ticket.department}</Fact>
                <Fact label="Category">{ticket.sub_category ? `${ticket.category} / ${ticket.sub_category}` : ticket.category}</Fact>
                <Fact label="Received">
                  <LocalTime value={ticket.created_at} />
                </Fact>
                {ticket.task ? (
                  <Fact label={isComplete ? 'Resolved' : 'Target'}>
                    <LocalTime value={isComplete && ticket.task.resolved_at ? ticket.task.resolved_at : ticket.task.target_resolution} />
                  </Fact>
                ) : null}
                {extra.map(([k, v]) => (
                  <Fact key={k} label={fieldLabel(k)}>
                    <PayloadValue value={v} label={fieldLabel(k)} />
                  </Fact>
                ))}
              </dl>
            </CardContent>
          </Card>
          {journey.graph ? (
            <Card>
              <CardHeader>
                <CardTitle>Workflow</CardTitle>
              </CardHeader>
              <CardContent>
                <WorkflowGraph graph={journey.graph} currentStepId={ticket.task?.current_step?.id ?? null} path={pathTaken(journey.history)} isComplete={isComplete} />
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
