import { render } from '@react-email/components';
import { createElement } from 'react';
import type { notifications } from '../db/schema';
import { getEnv } from '../env';
import { formatDeadline } from '../notifications/notification-text';
import { DigestEmail } from './digest-email';
import { NotificationEmail } from './notification-email';

type NotificationRow = typeof notifications.$inferSelect;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const appUrl = () => getEnv().APP_URL.replace(/\/+$/, '');

/**
 * One notification as an email, HTML and plain text from the same React component. Every value
 * is text that React escapes, so a ticket subject like `<script>` arrives as text, not markup.
 */
export async function renderNotificationEmail(n: NotificationRow, recipientName: string | null): Promise<RenderedEmail> {
  const m = n.metadata ?? {};
  const target = str(m.target_at);
  const element = createElement(NotificationEmail, {
    recipientName,
    subject: n.subject,
    message: n.message,
    ticketNumber: n.ticketNumber,
    ticketSubject: str(m.ticket_subject),
    workflowName: str(m.workflow_name),
    stepName: str(m.step_name),
    deadline: target ? formatDeadline(new Date(target)) : null,
    actorName: str(m.actor_name),
    link: str(m.link),
    preferencesUrl: `${appUrl()}/settings`,
  });
  return { subject: oneLine(n.subject), html: await render(element), text: await render(element, { plainText: true }) };
}

/** How many a digest lists in full; the rest are counted. */
export const DIGEST_MAX_ITEMS = 50;

/** The daily digest of a user's unread notifications (oldest first). */
export async function renderDigestEmail(p: { recipientName: string | null; date: string; notifications: NotificationRow[] }): Promise<RenderedEmail> {
  const listed = p.notifications.slice(0, DIGEST_MAX_ITEMS);
  const element = createElement(DigestEmail, {
    recipientName: p.recipientName,
    date: p.date,
    items: listed.map((n) => ({ subject: n.subject, message: n.message, link: str(n.metadata?.link), createdAt: n.createdAt.toISOString() })),
    more: p.notifications.length - listed.length,
    notificationsUrl: `${appUrl()}/notifications`,
    preferencesUrl: `${appUrl()}/settings`,
  });
  const total = p.notifications.length;
  return {
    subject: `TTS digest for ${p.date}: ${total} unread notification${total === 1 ? '' : 's'}`,
    html: await render(element),
    text: await render(element, { plainText: true }),
  };
}

/** A mail header is one line: no CR/LF from a ticket subject can add headers. */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim().slice(0, 250);
}
