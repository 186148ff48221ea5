import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Fact } from '@/components/ui/fact';
import { PageHeader } from '@/components/ui/page-header';
import { WorkflowGraph } from '@/components/workflows/workflow-graph';
import { Label, Select } from '@/components/ui/input';
import type { WorkflowGraph as Graph } from '@/lib/workflows/get-workflow-graph';
import { ActionForm, type ActionChoice, type ActionState } from './action-form';
import { HistoryList } from './history-list';
import { fieldLabel, PayloadValue } from './payload-value';
import { PriorityBadge } from './priority-badge';
import { SlaStatus } from './sla-status';
import { displayText } from '@/lib/display-text';
import type { getTaskItem } from '@/lib/tasks/get-task-item';

/** A task item as getTaskItem reads it for its assignee. */
type Detail = Awaited<ReturnType<typeof getTaskItem>>;

// Payload fields shown elsewhere on the page (or internal to HDTS), not repeated under "Details".
const SHOWN_FIELDS = new Set(['ticket_number', 'ticket_id', 'subject', 'description', 'department', 'category', 'sub_category', 'subcategory', 'priority', 'status', 'employee', 'source_service']);

const OTHER_LABEL: Record<string, string> = { hold: 'Put on hold', resume: 'Resume', escalate: 'Escalate' };

/** The steps the task has been through, in order (an item per step visit; repeats of one step on transfer or escalation folded). */
export function pathTaken(history: ReadonlyArray<Pick<Detail['history'][number], 'task_item_id' | 'step_id'>>): number[] {
  const seen = new Set<number>();
  const path: number[] = [];
  for (const h of history) {
    if (seen.has(h.task_item_id)) continue;
    seen.add(h.task_item_id);
    if (path[path.length - 1] !== h.step_id) path.push(h.step_id);
  }
  return path;
}

function requester(payload: Record<string, unknown>): string | null {
  const employee = payload.employee as { name?: unknown; email?: unknown } | null | undefined;
  if (!employee || !(employee.name || employee.email)) return null;
  return [displayText(employee.name), employee.email ? `<${displayText(employee.email)}>` : ''].filter(Boolean).join(' ');
}

/** One task item: the ticket, the step's instruction, what the agent can do, and the history. */
export function TaskItemView({
  detail,
  action,
  serverNow,
  graph,
  candidates,
  comments,
}: {
  detail: Detail;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  serverNow: number;
  graph: Graph;
  /** Who the item can be transferred to, when the viewer may transfer it. */
  candidates: Array<{ user_id: number; name: string }> | null;
  /** The ticket's comment thread (a server component, rendered by the page). */
  comments?: React.ReactNode;
}) {
  const { ticket, item } = detail;
  const choices: ActionChoice[] = [
    ...detail.available_actions.map((a) => ({ value: a.action === 'transition' ? `transition:${a.transition_id}` : 'finalize', label: a.name, primary: true })),
    ...detail.other_actions.filter((a) => OTHER_LABEL[a]).map((a) => ({ value: a, label: OTHER_LABEL[a], primary: a === 'resume' })),
  ];
  const manage: ActionChoice[] = [
    ...(detail.other_actions.includes('take_over') ? [{ value: 'take_over', label: 'Take over', primary: false }] : []),
    ...(detail.other_actions.includes('transfer') && candidates?.length ? [{ value: 'transfer', label: 'Transfer', primary: false }] : []),
  ];
  const who = requester(ticket.payload);
  const extra = Object.entries(ticket.payload).filter(([key, value]) => !SHOWN_FIELDS.has(key) && value !== null && value !== undefined && value !== '');
  return (
    <article className="grid grid-cols-1 gap-5">
      <PageHeader
        title={
          <>
            <span className="text-muted-foreground">{ticket.ticket_number}</span> {ticket.subject}
          </>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span>
              {detail.workflow.name} (v{detail.workflow.version}) / <strong className="text-foreground">{detail.step.name}</strong>
            </span>
            <PriorityBadge priority={ticket.priority} />
            <Badge>Ticket {ticket.status}</Badge>
            <SlaStatus itemStatus={item.status} sla={item.sla} serverNow={serverNow} />
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="grid min-w-0 content-start gap-5">
          {detail.instruction ? (
            <Card>
              <CardHeader>
                <CardTitle>Instruction</CardTitle>
              </CardHeader>
              <CardContent>
                <p>{detail.instruction}</p>
              </CardContent>
            </Card>
          ) : null}
          <Card>
            <CardHeader>
              <CardTitle>Your action</CardTitle>
            </CardHeader>
            <CardContent>
              {choices.length > 0 ? (
                <ActionForm choices={choices} action={action} draftKey={`item-${detail.item.id}`} noteHint="Required to move the ticket on; the reason when escalating. At most 10,000 characters." />
              ) : (
                <p className="text-sm text-muted-foreground">Nothing for you to do on this item.</p>
              )}
            </CardContent>
          </Card>
          {manage.length ? (
            <Card>
              <CardHeader>
                <CardTitle>Reassign</CardTitle>
              </CardHeader>
              <CardContent>
                <ActionForm idPrefix="manage" noteLabel="Reason" choices={manage} action={action} noteHint="Optional: why, for the history and the new holder.">
                  {manage.some((m) => m.value === 'transfer') ? (
                    <div className="grid gap-1.5">
                      <Label htmlFor="transfer-to">Transfer to</Label>
                      <Select id="transfer-to" name="to_user_id" defaultValue="">
                        <option value="" disabled>
                          Choose a member of the step&apos;s role
                        </option>
                        {candidates!.map((c) => (
                          <option key={c.user_id} value={c.user_id}>
                            {c.name}
                          </option>
                        ))}
                      </Select>
                    </div>
                  ) : null}
                </ActionForm>
              </CardContent>
            </Card>
          ) : null}
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
          {comments}
          <Card>
            <CardHeader>
              <CardTitle>History</CardTitle>
            </CardHeader>
            <CardContent>
              <HistoryList history={detail.history} />
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
              <Fact label="Held by">{item.assignee_name ?? '—'}</Fact>
              {who ? <Fact label="Requester">{who}</Fact> : null}
              <Fact label="Department">{ticket.department}</Fact>
              <Fact label="Category">{ticket.sub_category ? `${ticket.category} / ${ticket.sub_category}` : ticket.category}</Fact>
              <Fact label="Received">
                <LocalTime value={ticket.created_at} />
              </Fact>
              {item.sla.target_at ? (
                <Fact label="Due">
                  <LocalTime value={item.sla.target_at} />
                </Fact>
              ) : null}
              {extra.map(([key, value]) => (
                <Fact key={key} label={fieldLabel(key)}>
                  <PayloadValue value={value} label={fieldLabel(key)} />
                </Fact>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Workflow</CardTitle>
          </CardHeader>
          <CardContent>
            <WorkflowGraph graph={graph} currentStepId={detail.task.current_step_id} path={pathTaken(detail.history)} isComplete={detail.task.status === 'completed'} />
          </CardContent>
        </Card>
        </div>
      </div>
    </article>
  );
}
