/**
 * A stored JSON value as text for a person to read: strings as they are, numbers and booleans
 * printed, anything else as JSON (never "[object Object]"), '' for nothing.
 */
export function displayText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? '';
}
