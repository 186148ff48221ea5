import Link from 'next/link';

export interface TaskListItem {
  id: number;
  status: string;
  step_name: string;
  workflow_name: string;
  target_at: string;
  sla_state: string;
  ticket: { ticket_number: string; subject: string; priority: string };
}

const slaLabel: Record<string, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
  on_hold: 'On hold',
};

/** The agent's open task items as a table. */
export function TaskList({ items }: { items: TaskListItem[] }) {
  if (items.length === 0) return <p className="muted">No open tasks. New assignments appear here.</p>;
  return (
    <table aria-label="My open tasks">
      <thead>
        <tr>
          <th>Ticket</th>
          <th>Subject</th>
          <th>Workflow / step</th>
          <th>Priority</th>
          <th>Status</th>
          <th>Due</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-testid="task-row">
            <td>
              <Link href={`/tasks/${item.id}`}>{item.ticket.ticket_number}</Link>
            </td>
            <td>{item.ticket.subject}</td>
            <td>
              {item.workflow_name} <span className="muted">/ {item.step_name}</span>
            </td>
            <td>{item.ticket.priority}</td>
            <td>{item.status.replace('_', ' ')}</td>
            <td>
              <span className={`badge ${item.sla_state}`}>{slaLabel[item.sla_state] ?? item.sla_state}</span>{' '}
              <time dateTime={item.target_at} className="muted">
                {new Date(item.target_at).toISOString().slice(0, 16).replace('T', ' ')} UTC
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
