import { Button, Section, Text } from '@react-email/components';
import { EmailLayout, styles } from './layout';

export interface NotificationEmailProps {
  recipientName: string | null;
  /** The notification's subject line and message (plain text; React escapes it). */
  subject: string;
  message: string;
  ticketNumber: string | null;
  ticketSubject: string | null;
  workflowName: string | null;
  stepName: string | null;
  /** Formatted deadline ("Tue 1 Dec 2026, 14:05 UTC"), when the type has one. */
  deadline: string | null;
  actorName: string | null;
  link: string | null;
  preferencesUrl: string;
}

/** One notification by email: what happened, the facts to act on, and the button to the task. */
export function NotificationEmail(p: NotificationEmailProps) {
  const facts: Array<[string, string | null]> = [
    ['Ticket', p.ticketNumber && p.ticketSubject ? `${p.ticketNumber}: ${p.ticketSubject}` : p.ticketNumber],
    ['Workflow', p.workflowName],
    ['Step', p.stepName],
    ['Due', p.deadline],
    ['By', p.actorName],
  ];
  return (
    <EmailLayout
      preview={p.message.slice(0, 140)}
      footer={`You get this email because of your TTS notification preferences. Change them at ${p.preferencesUrl}`}
    >
      {p.recipientName ? <Text style={styles.text}>{`Hello ${p.recipientName},`}</Text> : null}
      <Text style={styles.heading}>{p.subject}</Text>
      <Text style={styles.text}>{p.message}</Text>
      <Section style={{ margin: '4px 0 16px' }}>
        {facts
          .filter((f): f is [string, string] => Boolean(f[1]))
          .map(([label, value]) => (
            <Text key={label} style={styles.fact}>
              <span style={styles.label}>{`${label}:`}</span>{` ${value}`}
            </Text>
          ))}
      </Section>
      {p.link ? (
        <Section>
          <Button href={p.link} style={styles.button}>
            Open the task
          </Button>
          <Text style={{ ...styles.footer, marginTop: '10px' }}>{`Or paste this link into your browser: ${p.link}`}</Text>
        </Section>
      ) : null}
    </EmailLayout>
  );
}
