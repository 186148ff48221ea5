/**
 * Python's repr() of a JSON value, as Celery puts it in the `argsrepr` / `kwargsrepr` headers.
 * Flower and `celery inspect` show these strings, so they follow Python's quoting rules (single
 * quotes unless the text holds a single quote and no double quote). Celery cuts them at 1024
 * characters (saferepr); so do we, which also keeps the header table far below amqplib's 64 KiB.
 */
export const REPR_MAX_LENGTH = 1024;

export function pythonRepr(value: unknown, options: { asTuple?: boolean; maxLength?: number } = {}): string {
  const text = options.asTuple && Array.isArray(value) ? tupleRepr(value) : repr(value);
  const max = options.maxLength ?? REPR_MAX_LENGTH;
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function tupleRepr(items: unknown[]): string {
  if (items.length === 1) return `(${repr(items[0])},)`;
  return `(${items.map(repr).join(', ')})`;
}

function repr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'string') return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${stringRepr(k)}: ${repr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  // Not JSON (a bigint, a function, a symbol): Python would have an int, or nothing.
  return typeof value === 'bigint' ? value.toString() : 'None';
}

function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
