import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PoisonMessageError, decodeCeleryMessage } from './decode-celery-message';
import { encodeCeleryTask } from './encode-celery-task';
import { pythonRepr } from './python-repr';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const v2 = (headers: Record<string, unknown>, body: unknown, extra: Record<string, unknown> = {}) => ({
  content: Buffer.isBuffer(body) ? body : json(body),
  properties: { contentType: 'application/json', contentEncoding: 'utf-8', headers, correlationId: undefined, ...extra },
});

function poisonReason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PoisonMessageError);
    return (err as PoisonMessageError).reason;
  }
  throw new Error('expected a PoisonMessageError');
}

describe('pythonRepr', () => {
  it('renders values as Python repr() does', () => {
    expect(pythonRepr({ ticket_id: 'TX1', status: 'In Progress' })).toBe("{'ticket_id': 'TX1', 'status': 'In Progress'}");
    expect(pythonRepr([], { asTuple: true })).toBe('()');
    expect(pythonRepr([1], { asTuple: true })).toBe('(1,)');
    expect(pythonRepr([1, 'a'], { asTuple: true })).toBe("(1, 'a')");
    expect(pythonRepr({ a: null, b: true, c: false, d: [1.5, -2] })).toBe("{'a': None, 'b': True, 'c': False, 'd': [1.5, -2]}");
    expect(pythonRepr("it's")).toBe(`"it's"`);
    expect(pythonRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(pythonRepr('a\\b\nc\u0001')).toBe("'a\\\\b\\nc\\x01'");
  });

  it('cuts long reprs at 1024 characters as Celery does', () => {
    const r = pythonRepr({ text: 'x'.repeat(5000) });
    expect(r).toHaveLength(1024);
    expect(r.endsWith('...')).toBe(true);
  });
});

describe('encodeCeleryTask', () => {
  it('builds the safe Celery v2 layout: three-element body, content type, persistent, task id everywhere', () => {
    const m = encodeCeleryTask({ task: 'ticket_service.update_status', id: 'job-1', kwargs: { ticket_id: 'TX1', status: 'Resolved' } });
    expect(JSON.parse(m.content.toString('utf8'))).toEqual([
      [],
      { ticket_id: 'TX1', status: 'Resolved' },
      { callbacks: null, errbacks: null, chain: null, chord: null },
    ]);
    expect(m.options).toMatchObject({ contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 2, correlationId: 'job-1' });
    expect(m.options.headers).toMatchObject({
      lang: 'py',
      task: 'ticket_service.update_status',
      id: 'job-1',
      root_id: 'job-1',
      parent_id: null,
      group: null,
      retries: 0,
      eta: null,
      expires: null,
      timelimit: [null, null],
      argsrepr: '()',
      kwargsrepr: "{'ticket_id': 'TX1', 'status': 'Resolved'}",
    });
    expect(m.options.headers.origin).toMatch(/^tts@/);
  });

  it('round-trips through the decoder', () => {
    const m = encodeCeleryTask({ task: 't', id: 'i', args: [1, { a: 'b' }], kwargs: { k: 'v' } });
    expect(decodeCeleryMessage({ content: m.content, properties: m.options as never })).toEqual({
      protocol: 2,
      task: 't',
      id: 'i',
      args: [1, { a: 'b' }],
      kwargs: { k: 'v' },
      expires: null,
    });
  });
});

describe('decodeCeleryMessage', () => {
  it('reads protocol v2 (three- and two-element bodies, no content encoding) and v1', () => {
    expect(decodeCeleryMessage(v2({ task: 'a', id: '1' }, [[], { payload: { x: 1 } }, {}]))).toMatchObject({ protocol: 2, task: 'a', id: '1', kwargs: { payload: { x: 1 } } });
    expect(decodeCeleryMessage(v2({ task: 'a', id: '1' }, [[{ x: 1 }], {}]))).toMatchObject({ args: [{ x: 1 }] });
    expect(decodeCeleryMessage(v2({ task: 'a', id: '1' }, [[], {}, {}], { contentEncoding: undefined }))).toMatchObject({ task: 'a' });
    expect(
      decodeCeleryMessage(v2({}, { task: 'b', id: '2', args: [], kwargs: { payload: {} }, retries: 0, eta: null, expires: null })),
    ).toEqual({ protocol: 1, task: 'b', id: '2', args: [], kwargs: { payload: {} }, expires: null });
  });

  it("reads Celery's expires (a zone-less time is UTC) and refuses one that is not a time", () => {
    const at = (expires: unknown) => decodeCeleryMessage(v2({ task: 'a', id: '1', expires }, [[], {}, {}])).expires?.toISOString();
    expect(at('2026-04-01T10:00:00.123456+02:00')).toBe('2026-04-01T08:00:00.123Z');
    expect(at('2026-04-01T10:00:00')).toBe('2026-04-01T10:00:00.000Z');
    expect(at(null)).toBeUndefined();
    expect(decodeCeleryMessage(v2({}, { task: 'b', id: '2', args: [], kwargs: {}, expires: '2026-04-01T10:00:00Z' })).expires?.toISOString()).toBe('2026-04-01T10:00:00.000Z');
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1', expires: 'tomorrow' }, [[], {}, {}])))).toMatch(/expires "tomorrow" is not an ISO 8601 time/);
  });

  it('takes the task id from correlationId when a v2 header set lacks it', () => {
    expect(decodeCeleryMessage(v2({ task: 'a' }, [[], {}, {}], { correlationId: 'c-1' })).id).toBe('c-1');
  });

  it('inflates kombu "gzip" (zlib) compressed bodies', () => {
    const body = deflateSync(json([[], { payload: { x: 1 } }, {}]));
    expect(decodeCeleryMessage(v2({ task: 'a', id: '1', compression: 'application/x-gzip' }, body)).kwargs).toEqual({ payload: { x: 1 } });
  });

  it('refuses a body that would decompress past the size limit (a zip bomb) without inflating it all', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MiB of spaces, ~64 KiB compressed
    expect(bomb.byteLength).toBeLessThan(256 * 1024);
    const reason = poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1', compression: 'zlib' }, bomb), { maxBytes: 256 * 1024 }));
    expect(reason).toMatch(/larger than 262144 bytes once decompressed/);
  });

  it('rejects what can never be read, keeping the task name and id it could see', () => {
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1' }, Buffer.from('{not json'))))).toMatch(/not valid UTF-8 JSON/);
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1' }, Buffer.from([0xff, 0xfe]))))).toMatch(/UTF-8/);
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1' }, [[], {}, {}], { contentType: 'application/x-python-serialize' })))).toMatch(
      /unsupported content type/,
    );
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1' }, { args: [] })))).toMatch(/JSON array/);
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1' }, [{}, {}, {}])))).toMatch(/args must be a JSON array/);
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1' }, [[], [], {}])))).toMatch(/kwargs must be a JSON object/);
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a' }, [[], {}, {}])))).toMatch(/without a task id/);
    expect(poisonReason(() => decodeCeleryMessage(v2({}, [[], {}, {}])))).toMatch(/no task header/);
    expect(poisonReason(() => decodeCeleryMessage(v2({}, { id: 'x' })))).toMatch(/v1 body without a task name/);
    expect(poisonReason(() => decodeCeleryMessage(v2({ task: 'a', id: '1' }, [[], {}, {}]), { maxBytes: 5 }))).toMatch(/exceeds the limit/);
    const err = (() => {
      try {
        decodeCeleryMessage(v2({ task: 'tickets.tasks.receive_ticket', id: 'abc' }, Buffer.from('nope')));
      } catch (e) {
        return e as PoisonMessageError;
      }
    })();
    expect(err?.partial).toEqual({ task: 'tickets.tasks.receive_ticket', id: 'abc' });
  });
});
