import { Link, Section, Text } from '@react-email/components';
import { EmailLayout, styles } from './layout';

export interface DigestItem {
  subject: string;
  message: string;
  link: string | null;
  createdAt: string;
}

export interface DigestEmailProps {
  recipientName: string | null;
  date: string;
  items: DigestItem[];
  /** Unread ones past the listed ones. */
  more: number;
  notificationsUrl: string;
  preferencesUrl: string;
}

/** The daily digest: every unread notification of the types the reader set to `digest`. */
export function DigestEmail(p: DigestEmailProps) {
  const total = p.items.length + p.more;
  const title = `${total} unread notification${total === 1 ? '' : 's'} for ${p.date}`;
  return (
    <EmailLayout preview={title} footer={`Your daily TTS digest. Change what it lists, and when it comes, at ${p.preferencesUrl}`}>
      {p.recipientName ? <Text style={styles.text}>{`Hello ${p.recipientName},`}</Text> : null}
      <Text style={styles.heading}>{title}</Text>
      {p.items.map((item, i) => (
        <Section key={i} style={{ borderTop: '1px solid #eef0f2', padding: '10px 0 2px' }}>
          <Text style={{ ...styles.text, fontWeight: 600, margin: '0 0 4px' }}>
            {item.link ? (
              <Link href={item.link} style={{ color: '#1d4ed8' }}>
                {item.subject}
              </Link>
            ) : (
              item.subject
            )}
          </Text>
          <Text style={{ ...styles.text, color: '#4b5563' }}>{item.message}</Text>
        </Section>
      ))}
      {p.more > 0 ? (
        <Text style={styles.text}>
          {`And ${p.more} more: `}<Link href={p.notificationsUrl}>{p.notificationsUrl}</Link>
        </Text>
      ) : (
        <Text style={styles.text}>
          All of them: <Link href={p.notificationsUrl}>{p.notificationsUrl}</Link>
        </Text>
      )}
    </EmailLayout>
  );
}
