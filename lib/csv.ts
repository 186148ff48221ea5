/**
 * RFC 4180 CSV: every field quoted when it needs it, CRLF line ends. A field starting with
 * `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet shows it instead of running it as a
 * formula (audit data and ticket subjects come from outside).
 */
export function toCsv(header: string[], rows: Array<Array<string | number | boolean | null | undefined | Date>>): string {
  const cell = (v: string | number | boolean | null | undefined | Date) => {
    if (v === null || v === undefined) return '';
    let s = v instanceof Date ? v.toISOString() : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
