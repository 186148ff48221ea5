import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';

const font = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export const styles = {
  body: { backgroundColor: '#f4f5f7', fontFamily: font, margin: 0, padding: '24px 0' },
  container: { backgroundColor: '#ffffff', border: '1px solid #e3e5e8', borderRadius: '8px', maxWidth: '600px', padding: '24px 28px' },
  brand: { color: '#5b6270', fontSize: '12px', letterSpacing: '0.08em', margin: '0 0 12px', textTransform: 'uppercase' as const },
  heading: { color: '#111827', fontSize: '18px', fontWeight: 600, lineHeight: '26px', margin: '0 0 12px' },
  text: { color: '#1f2937', fontSize: '14px', lineHeight: '22px', margin: '0 0 12px' },
  fact: { color: '#111827', fontSize: '14px', lineHeight: '20px', margin: '0 0 2px' },
  label: { color: '#6b7280', display: 'inline-block', fontSize: '12px', minWidth: '72px' },
  button: { backgroundColor: '#1d4ed8', borderRadius: '6px', color: '#ffffff', display: 'inline-block', fontSize: '14px', fontWeight: 600, padding: '10px 18px', textDecoration: 'none' },
  footer: { color: '#6b7280', fontSize: '12px', lineHeight: '18px', margin: '0' },
};

/** The frame every TTS email shares: brand line, content, and why the reader got it. */
export function EmailLayout(p: { preview: string; children: ReactNode; footer: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{p.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>TTS · Ticket Tracking System</Text>
          <Section>{p.children}</Section>
          <Hr style={{ borderColor: '#e3e5e8', margin: '20px 0 12px' }} />
          <Text style={styles.footer}>{p.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
