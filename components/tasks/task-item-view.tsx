interface Detail {
  item: { id: number; status: string; assignee_name: string | null; is_on_hold: boolean; sla: { state: string; target_at: string | null } };
  ticket: {
    ticket_number: string;
    subject: string;
    description: string;
    priority: string;
    status: string;
    department: string;
    category: string;
    sub_category: string | null;
    created_at: string;
    payload: Record<string, unknown>;
  };
  workflow: { name: string; version: number };
  step: { name: string };
  instruction: string;
  history: Array<{ id: number; action: string; status: string; actor_user_id: number | null; actor_name: string | null; note: string | null; created_at: string }>;
  available_actions: Array<{ action: 'transition' | 'finalize'; name: string; transition_id?: number }>;
  other_actions: string[];
}

// Payload fields shown elsewhere on the page (or internal to HDTS), not repeated under "Details".
const SHOWN_FIELDS = new Set(['ticket_number', 'ticket_id', 'subject', 'description', 'department', 'category', 'sub_category', 'subcategory', 'priority', 'status', 'employee', 'source_service']);

/** What the agent needs to know about the ticket: where it is from, who asked, and what HDTS sent with it. */
function ticketFacts(ticket: Detail['ticket']): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    ['Department', ticket.department],
    ['Category', ticket.sub_category ? `${ticket.category} / ${ticket.sub_category}` : ticket.category],
  ];
  const employee = ticket.payload.employee as { name?: unknown; email?: unknown } | null | undefined;
  if (employee && (employee.name || employee.email)) {
    facts.push(['Requester', [employee.name, employee.email ? `<${employee.email}>` : null].filter(Boolean).join(' ')]);
  }
  facts.push(['Received', `${ticket.created_at.slice(0, 16).replace('T', ' ')} UTC`]);
  for (const [key, value] of Object.entries(ticket.payload)) {
    if (SHOWN_FIELDS.has(key) || value === null || value === undefined || value === '') continue;
    const label = key.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
    if (facts.some(([shown]) => shown.toLowerCase() === label.toLowerCase())) continue;
    facts.push([label, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  }
  return facts;
}

const slaLabel: Record<string, string> = { on_track: 'On track', at_risk: 'At risk', breached: 'Breached', on_hold: 'On hold' };
const otherLabel: Record<string, string> = { hold: 'Put on hold', resume: 'Resume', escalate: 'Escalate' };

/** One task item: the ticket, the step's instruction, what the agent can do, and the history. */
export function TaskItemView({ detail, error, action }: { detail: Detail; error?: string; action: (form: FormData) => Promise<void> }) {
  const { ticket, item } = detail;
  const choices = [
    ...detail.available_actions.map((a) => ({ value: a.action === 'transition' ? `transition:${a.transition_id}` : 'finalize', label: a.name })),
    ...detail.other_actions.filter((a) => otherLabel[a]).map((a) => ({ value: a, label: otherLabel[a] })),
  ];
  return (
    <article>
      <h1>
        {ticket.ticket_number}: {ticket.subject}
      </h1>
      <p className="muted">
        {detail.workflow.name} (v{detail.workflow.version}) / <strong>{detail.step.name}</strong> · priority {ticket.priority} · ticket{' '}
        {ticket.status} · item {item.status.replace('_', ' ')} ·{' '}
        <span className={`badge ${item.sla.state}`}>{slaLabel[item.sla.state] ?? item.sla.state}</span>
        {item.sla.target_at ? ` due ${item.sla.target_at.slice(0, 16).replace('T', ' ')} UTC` : null}
      </p>
      {ticket.description ? <p style={{ whiteSpace: 'pre-wrap' }}>{ticket.description}</p> : null}
      <dl className="facts" aria-label="Ticket details">
        {ticketFacts(ticket).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {detail.instruction ? (
        <p>
          <strong>Instruction:</strong> {detail.instruction}
        </p>
      ) : null}
      {error ? (
        <p className="error" data-testid="action-error">
          {error}
        </p>
      ) : null}
      {choices.length > 0 ? (
        <form action={action} className="stack" style={{ maxWidth: 560 }}>
          <label>
            Note (required to move the ticket on; the reason when escalating)
            <textarea name="note" rows={3} />
          </label>
          <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
            {choices.map((c) => (
              <button key={c.value} type="submit" name="choice" value={c.value} className={c.value.startsWith('transition') || c.value === 'finalize' ? '' : 'secondary'}>
                {c.label}
              </button>
            ))}
          </div>
        </form>
      ) : (
        <p className="muted">Nothing for you to do on this item.</p>
      )}
      <h2 style={{ fontSize: '1.1rem', marginTop: '1.5rem' }}>History</h2>
      <table aria-label="History">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Action</th>
            <th>By</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {detail.history.map((h) => (
            <tr key={h.id}>
              <td>{h.created_at.slice(0, 19).replace('T', ' ')}</td>
              <td>{h.action.replaceAll('_', ' ')}</td>
              <td>{h.actor_user_id === null ? 'system' : (h.actor_name ?? `user ${h.actor_user_id}`)}</td>
              <td>{h.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
