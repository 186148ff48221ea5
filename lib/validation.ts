import { z } from 'zod';
import { AppError, type ErrorIssue } from './errors';

/**
 * What storage can hold, said once. Every input that reaches Postgres (HTTP bodies, path and
 * query parameters, token claims, job payloads, AMQP bodies) is checked against these limits at
 * its edge, so a value Postgres would refuse is a 400 naming the field (or a dead-letter with the
 * reason), never a driver error and a 500. Each domain's schemas.ts builds on them.
 *
 * - ids and counts: int4 columns (`serial`, `integer`) hold 1..2^31-1;
 * - text: Postgres text and jsonb cannot hold NUL (U+0000), and jsonb refuses an unpaired UTF-16
 *   surrogate (`"\ud800"`), so both are refused wherever a string may be stored;
 * - JSON: nesting past MAX_JSON_DEPTH is refused before anything recurses over it (JSON.parse,
 *   the text walk below, jsonb's own parser).
 */

export const INT4_MAX = 2_147_483_647;
export const MAX_JSON_DEPTH = 32;

const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** True when Postgres can store `s` as text and inside jsonb. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE_TEXT.test(s);
}

/** A string column: trimmed or not, at most `max` characters, storable. */
export const text = (max: number) => z.string().max(max).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/** An int4 id in a JSON body (a number), named in its messages. */
export const idNumber = (field: string) =>
  z
    .number({ error: `${field} must be a positive integer` })
    .int(`${field} must be a positive integer`)
    .min(1, `${field} must be a positive integer`)
    .max(INT4_MAX, `${field} must be at most ${INT4_MAX}`);

/** An int4 id that may come as a number or a decimal string (path and query strings, lenient JSON peers). */
export const idLike = (field: string) =>
  z.union(
    [
      idNumber(field),
      z
        .string()
        .regex(/^\d{1,20}$/, `${field} must be a positive integer`)
        .transform(Number)
        .pipe(idNumber(field)),
    ],
    { error: `${field} must be a positive integer` },
  );

/** A page size from a query string: 1..max, `fallback` when absent. */
export const pageLimit = (max = 200, fallback = 50) =>
  z.coerce.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1).max(max).default(fallback);

/** A row offset from a query string: 0..int4. */
export const pageOffset = () =>
  z.coerce.number({ error: 'offset must be a number' }).int('offset must be an integer').min(0).max(INT4_MAX).default(0);

/** An int4 keyset cursor from a query string. */
export const cursorParam = () => idLike('cursor').optional();

/** `{id}` path parameters: a positive int4, else 400 naming `id`. */
export const idParamsSchema = z.object({ id: idLike('id') });

/**
 * Every string (and object key) in a parsed JSON value that storage cannot hold, with its dotted
 * path. Depth is bounded by the caller (parseJsonText, or the schema it runs after), so the walk
 * cannot overflow the stack.
 */
export function unstorableTextIssues(value: unknown, path: string[] = [], out: ErrorIssue[] = []): ErrorIssue[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    if (!isStorableText(value)) out.push({ path: path.join('.') || '(body)', message: `${path.at(-1) ?? 'value'} ${UNSTORABLE_TEXT_MESSAGE}` });
  } else if (Array.isArray(value)) {
    if (path.length > MAX_JSON_DEPTH) out.push({ path: path.join('.'), message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    else value.forEach((v, i) => unstorableTextIssues(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    if (path.length > MAX_JSON_DEPTH) out.push({ path: path.join('.'), message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    else
      for (const [k, v] of Object.entries(value)) {
        if (!isStorableText(k)) out.push({ path: [...path, '(key)'].join('.'), message: `a field name ${UNSTORABLE_TEXT_MESSAGE}` });
        else unstorableTextIssues(v, [...path, k], out);
      }
  }
  return out;
}

/**
 * A schema whose whole value (including fields kept as sent, as a `.loose()` object keeps them)
 * must be storable: for payloads stored whole as jsonb.
 */
export function storable<S extends z.ZodType>(schema: S) {
  return schema.superRefine((value, ctx) => {
    for (const issue of unstorableTextIssues(value)) {
      ctx.addIssue({ code: 'custom', path: issue.path === '(body)' ? [] : issue.path.split('.'), message: issue.message });
    }
  });
}

/** Nesting depth of JSON text, counted without parsing; stops counting once past `limit`. */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Parses untrusted JSON text: INVALID_INPUT when it is malformed, nested deeper than
 * MAX_JSON_DEPTH (checked before JSON.parse), or holds text storage cannot (naming the field).
 */
export function parseJsonText(text: string, what = '(body)'): unknown {
  if (jsonDepthExceeds(text)) {
    throw new AppError('INVALID_INPUT', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, [
      { path: what, message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError('INVALID_INPUT', `Malformed JSON: ${(err as Error).message}`, [{ path: what, message: 'Malformed JSON' }]);
  }
  const issues = unstorableTextIssues(value);
  if (issues.length) throw new AppError('INVALID_INPUT', `Invalid input: ${issues.map((i) => i.path).join(', ')}`, issues);
  return value;
}

/** Query-string and path parameters that storage could not hold (NUL, unpaired surrogates). */
export function unstorableParamIssues(params: Record<string, string | string[] | undefined>): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  for (const [name, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    if (!isStorableText(name)) issues.push({ path: '(parameter name)', message: `a parameter name ${UNSTORABLE_TEXT_MESSAGE}` });
    else if (values.some((v) => !isStorableText(v))) issues.push({ path: name, message: `${name} ${UNSTORABLE_TEXT_MESSAGE}` });
  }
  return issues;
}
