import { describe, expect, it } from 'vitest';
import type { notifications } from '../db/schema';
import { renderDigestEmail, renderNotificationEmail } from './render-email';

type Row = typeof notifications.$inferSelect;

const row = (over: Partial<Row> = {}): Row => ({
  id: 1,
  userId: 131,
  type: 'task_assignment',
  subject: '[TX20261201000001] New task: <script>alert(1)</script> & "friends"',
  message: 'Alice Admin moved ticket TX20261201000001 "<script>alert(1)</script>" on to you. Open it: http://localhost:3000/tasks/42',
  taskItemId: 42,
  ticketNumber: 'TX20261201000001',
  metadata: {
    ticket_subject: '<script>alert(1)</script> & "friends"',
    workflow_name: 'Asset <b>Check</b> In',
    step_name: 'Triage',
    target_at: '2026-12-01T14:05:00.000Z',
    actor_name: '<img src=x onerror=alert(2)>',
    link: 'http://localhost:3000/tasks/42',
  },
  dedupeKey: 'k',
  actorUserId: 101,
  isInApp: true,
  digestDeliveryId: null,
  readAt: null,
  createdAt: new Date('2026-12-01T12:00:00Z'),
  ...over,
});

describe('email rendering', () => {
  it('escapes everything that came from people (subjects, names, workflow names) in the HTML', async () => {
    const email = await renderNotificationEmail(row(), 'Maya <Asset>');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).not.toContain('<b>Check</b>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(email.html).toContain('Maya &lt;Asset&gt;');
    expect(email.html).toContain('href="http://localhost:3000/tasks/42"');
  });

  it('carries the ticket, workflow, step, deadline, who and the link in HTML and plain text', async () => {
    const email = await renderNotificationEmail(row({ subject: '[TX20261201000001] New task: Laptop return', message: 'Alice Admin moved ticket TX20261201000001 "Laptop return" on to you.', metadata: { ...row().metadata, ticket_subject: 'Laptop return', workflow_name: 'Asset Check In', actor_name: 'Alice Admin' } }), 'Maya Asset');
    expect(email.subject).toBe('[TX20261201000001] New task: Laptop return');
    for (const body of [email.html, email.text]) {
      expect(body).toMatch(/Ticket:(<\/span>)? TX20261201000001: Laptop return/);
      expect(body).toContain('Asset Check In');
      expect(body).toContain('Triage');
      expect(body).toContain('Tue 1 Dec 2026, 14:05 UTC');
      expect(body).toContain('Alice Admin');
      expect(body).toContain('http://localhost:3000/tasks/42');
    }
    expect(email.text).not.toMatch(/<[a-z]/i);
    expect(email.text).toContain('Hello Maya Asset,');
  });

  it('keeps the subject to one line, so a subject cannot add mail headers', async () => {
    const email = await renderNotificationEmail(row({ subject: 'Hi\r\nBcc: victim@example.com' }), null);
    expect(email.subject).toBe('Hi Bcc: victim@example.com');
  });

  it('lists a digest, escaped, and counts what it does not list', async () => {
    const many = Array.from({ length: 53 }, (_, i) => row({ id: i + 1, subject: `Item ${i + 1} <i>x</i>` }));
    const email = await renderDigestEmail({ recipientName: 'Maya Asset', date: '2026-12-01', notifications: many });
    expect(email.subject).toBe('TTS digest for 2026-12-01: 53 unread notifications');
    expect(email.html).toContain('Item 50 &lt;i&gt;x&lt;/i&gt;');
    expect(email.html).not.toContain('Item 51 ');
    expect(email.text).toContain('And 3 more');
    expect(email.text).toContain('http://localhost:3000/notifications');
  });
});
