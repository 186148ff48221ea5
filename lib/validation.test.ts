import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import * as taskSchemas from './tasks/schemas';
import { ticketInputSchema } from './tickets/schemas';
import {
  INT4_MAX,
  MAX_JSON_DEPTH,
  idParamsSchema,
  isStorableText,
  jsonDepthExceeds,
  parseJsonText,
  unstorableParamIssues,
} from './validation';
import * as workflowSchemas from './workflows/schemas';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('idParamsSchema', () => {
  it('takes a positive int4 and refuses anything else, naming id', () => {
    expect(idParamsSchema.parse({ id: '42' })).toEqual({ id: 42 });
    expect(idParamsSchema.parse({ id: String(INT4_MAX) })).toEqual({ id: INT4_MAX });
    for (const id of ['0', '000', '-1', '1.5', 'abc', '', String(INT4_MAX + 1), '99999999999999999999', '1e3', ' 7']) {
      const parsed = idParamsSchema.safeParse({ id });
      expect(parsed.success, `"${id}"`).toBe(false);
      expect(parsed.error?.issues[0].path, `"${id}"`).toEqual(['id']);
      expect(parsed.error?.issues[0].message, `"${id}"`).toMatch(/^id must be (a positive integer|at most 2147483647)$/);
    }
  });

  it('is the one schema both the task item and the workflow routes use, each from its own schemas.ts', () => {
    expect(taskSchemas.idParamsSchema).toBe(idParamsSchema);
    expect(workflowSchemas.idParamsSchema).toBe(idParamsSchema);
  });
});

describe('ids inside bodies stay inside int4', () => {
  it('refuses a transition_id or to_user_id past int4, naming the field', () => {
    for (const [body, field] of [
      [{ action: 'transition', transition_id: INT4_MAX + 1, note: 'x' }, 'transition_id'],
      [{ action: 'transition', transition_id: '9999999999', note: 'x' }, 'transition_id'],
      [{ action: 'transfer', to_user_id: 1e20 }, 'to_user_id'],
    ] as const) {
      const parsed = taskSchemas.taskItemActionSchema.safeParse(body);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].path).toEqual([field]);
    }
  });
});

describe('text storage can hold', () => {
  it('tells NUL and unpaired surrogates from ordinary text, emoji included', () => {
    for (const s of ['', 'plain', 'Ünïcødé', '😀 pair', '\uD83D\uDE00']) expect(isStorableText(s), JSON.stringify(s)).toBe(true);
    for (const s of ['a\u0000b', '\uD800', 'x\uDC00', '\uDE00\uD83D', 'end\uD83D']) expect(isStorableText(s), JSON.stringify(s)).toBe(false);
  });

  it('refuses a ticket whose kept-as-sent fields hold NUL, naming the nested field', () => {
    const parsed = ticketInputSchema.safeParse({ subject: 's', department: 'd', category: 'c', asset: { serial: 'A\u0000B' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('asset.serial');
  });

  it('names query and path parameters that hold NUL or a lone surrogate', () => {
    expect(unstorableParamIssues({ ok: 'fine', queue: ['a', 'b\u0000'], id: '\uDFFF' }).map((i) => i.path)).toEqual(['queue', 'id']);
  });
});

describe('parseJsonText', () => {
  it('refuses nesting past the limit before parsing, and counts brackets inside strings as text', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(jsonDepthExceeds(deep(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(deep(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ s: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\\' }))).toBe(false);
    // Deep enough to overflow a recursive walk: refused as input, not a RangeError.
    const err = refusal(() => parseJsonText(deep(200_000)));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.issues?.[0].message).toMatch(/nested deeper than 32/);
  });

  it('refuses malformed JSON and unstorable text with the path of each field', () => {
    expect(refusal(() => parseJsonText('{"a":')).code).toBe('INVALID_INPUT');
    const err = refusal(() => parseJsonText('{"a":{"b":["ok","\\u0000"]},"c":"\\ud800","\\u0000k":1}'));
    expect(err.issues?.map((i) => i.path)).toEqual(['a.b.1', 'c', '(key)']);
    expect(parseJsonText('{"emoji":"\\ud83d\\ude00"}')).toEqual({ emoji: '😀' });
  });
});
