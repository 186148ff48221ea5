import { randomInt } from 'node:crypto';

/** `TX` + UTC date + 6 digits, the shape HDTS uses (TX20251231962083). */
export function generateTicketNumber(now = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `TX${date}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}
