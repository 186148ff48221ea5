import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries, failedNotifications, notifications, taskItems, tickets, workflows } from '@/lib/db/schema';
import { deliverEmail } from '@/lib/notifications/email/deliver-email';
import { routeTicket } from '@/lib/tickets/route-ticket';
import { allOperations, handlerOf, operationKey, responseValidator } from '@/lib/testing/api-operations';
import { serviceToken, ticketPayload } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb, type CallOptions } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';

/**
 * Every documented operation, called for real, answers what the OpenAPI document says: its
 * success body validates against the documented response schema for that status, and a refusal
 * validates against the Error schema. A new operation needs an entry in `examples` (see
 * lib/openapi/index.ts); the first test fails until it has one.
 */

let t: TestDb;
const tokens = new Map<number, string>();
const token = async (userId: number) => {
  if (!tokens.has(userId)) tokens.set(userId, await serviceToken(userId));
  return tokens.get(userId)!;
};
beforeAll(async () => {
  t = await openSeededRouteDb();
});
afterAll(() => closeRouteDb(t));

const ADMIN = 111;
const SUBMITTER = 501;
const H = 3600;
const definition = {
  name: 'Contract Repair',
  department: 'Workshop',
  category: 'Contract',
  sla_seconds: { Critical: 2 * H, High: 4 * H, Medium: 24 * H, Low: 72 * H },
  calendar: { timezone: 'Europe/Berlin', working_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: ['2026-12-25'] },
  steps: [
    { key: 'intake', name: 'Intake', role: 1, escalate_to: 2, is_start: true },
    { key: 'close', name: 'Close', role: 1, is_end: true },
  ],
  transitions: [{ key: 'done', name: 'Done', from: 'intake', to: 'close' }],
};

interface Example {
  /** Expected status. */
  status: number;
  call: () => Promise<CallOptions>;
}

// Filled in order by the examples themselves (the ticket the intake made, the workflow created...).
const state: { ticketNumber?: string; itemId?: number; assignee?: number; workflowId?: number; unrouted?: string; notificationId?: number; commentId?: number; failedId?: number } = {};

const examples: Record<string, Example[]> = {
  'POST /api/v1/tickets': [
    {
      status: 201,
      call: async () => ({ token: await token(SUBMITTER), body: ticketPayload({ ticket_number: 'TXCONTRACT0001' }), headers: { 'idempotency-key': 'contract-1' } }),
    },
    { status: 200, call: async () => ({ token: await token(SUBMITTER), body: ticketPayload({ ticket_number: 'TXCONTRACT0001' }) }) },
    { status: 400, call: async () => ({ token: await token(SUBMITTER), body: { subject: '' } }) },
  ],
  'POST /send/': [
    { status: 201, call: async () => ({ token: await token(SUBMITTER), path: '/send/', body: ticketPayload({ ticket_number: 'TXCONTRACT0002', subcategory: 'x' }) }) },
  ],
  'GET /api/v1/tickets': [
    { status: 200, call: async () => ({ token: await token(SUBMITTER), path: '/api/v1/tickets?limit=1' }) },
    { status: 400, call: async () => ({ token: await token(SUBMITTER), path: '/api/v1/tickets?cursor=99999999999' }) },
  ],
  'GET /api/v1/tickets/{ticket_number}': [
    { status: 200, call: async () => ({ token: await token(SUBMITTER), params: { ticket_number: state.ticketNumber! } }) },
    { status: 404, call: async () => ({ token: await token(SUBMITTER), params: { ticket_number: 'TXNOSUCH' } }) },
    { status: 401, call: async () => ({ params: { ticket_number: 'TXNOSUCH' } }) },
  ],
  'POST /api/v1/tickets/{ticket_number}/route': [
    { status: 200, call: async () => ({ token: await token(ADMIN), params: { ticket_number: state.unrouted! }, body: { workflow_id: state.workflowId! } }) },
    { status: 403, call: async () => ({ token: await token(SUBMITTER), params: { ticket_number: state.unrouted! }, body: { workflow_id: 1 } }) },
  ],
  'GET /api/v1/task-items': [{ status: 200, call: async () => ({ token: await token(state.assignee!), path: '/api/v1/task-items?mine=true' }) }],
  'GET /api/v1/task-items/{id}': [{ status: 200, call: async () => ({ token: await token(state.assignee!), params: { id: String(state.itemId!) } }) }],
  'POST /api/v1/task-items/{id}/actions': [
    { status: 200, call: async () => ({ token: await token(state.assignee!), params: { id: String(state.itemId!) }, body: { action: 'open' } }) },
    { status: 404, call: async () => ({ token: await token(SUBMITTER), params: { id: String(state.itemId!) }, body: { action: 'open' } }) },
    { status: 200, call: async () => ({ token: await token(state.assignee!), params: { id: String(state.itemId!) }, body: { action: 'hold', note: 'waiting' } }) },
    { status: 409, call: async () => ({ token: await token(state.assignee!), params: { id: String(state.itemId!) }, body: { action: 'hold' } }) },
  ],
  'POST /api/v1/tickets/{ticket_number}/comments': [
    {
      status: 201,
      call: async () => ({ token: await token(SUBMITTER), params: { ticket_number: state.ticketNumber! }, body: { body: 'Any news? @Maya Asset', client_id: 'contract-c1' } }),
    },
    { status: 200, call: async () => ({ token: await token(SUBMITTER), params: { ticket_number: state.ticketNumber! }, body: { body: 'Any news?', client_id: 'contract-c1' } }) },
    { status: 400, call: async () => ({ token: await token(SUBMITTER), params: { ticket_number: state.ticketNumber! }, body: { body: '' } }) },
    { status: 404, call: async () => ({ token: await token(142), params: { ticket_number: state.ticketNumber! }, body: { body: 'hi' } }) },
  ],
  'GET /api/v1/tickets/{ticket_number}/comments': [
    { status: 200, call: async () => ({ token: await token(SUBMITTER), path: '/api/v1/tickets/x/comments?after=0', params: { ticket_number: state.ticketNumber! } }) },
    { status: 404, call: async () => ({ token: await token(SUBMITTER), params: { ticket_number: 'TXNOSUCH' } }) },
  ],
  'PATCH /api/v1/comments/{id}': [
    { status: 200, call: async () => ({ token: await token(SUBMITTER), params: { id: String(state.commentId!) }, body: { body: 'Any news, please?' } }) },
    { status: 403, call: async () => ({ token: await token(ADMIN), params: { id: String(state.commentId!) }, body: { body: 'not mine' } }) },
  ],
  'DELETE /api/v1/comments/{id}': [
    { status: 200, call: async () => ({ token: await token(ADMIN), params: { id: String(state.commentId!) } }) },
    { status: 404, call: async () => ({ token: await token(SUBMITTER), params: { id: '2147483647' } }) },
  ],
  'GET /api/v1/workflows': [{ status: 200, call: async () => ({ token: await token(ADMIN), path: '/api/v1/workflows?status=deployed' }) }],
  'POST /api/v1/workflows': [{ status: 201, call: async () => ({ token: await token(ADMIN), body: definition }) }],
  'GET /api/v1/workflows/{id}': [{ status: 200, call: async () => ({ token: await token(ADMIN), params: { id: String(state.workflowId!) } }) }],
  'PUT /api/v1/workflows/{id}': [
    { status: 200, call: async () => ({ token: await token(ADMIN), method: 'PUT', params: { id: String(state.workflowId!) }, body: { ...definition, description: 'v2' } }) },
  ],
  'POST /api/v1/workflows/{id}/publish': [
    { status: 201, call: async () => ({ token: await token(ADMIN), method: 'POST', params: { id: String(state.workflowId!) } }) },
    { status: 200, call: async () => ({ token: await token(ADMIN), method: 'POST', params: { id: String(state.workflowId!) } }) },
  ],
  'POST /api/v1/workflows/{id}/pause': [{ status: 200, call: async () => ({ token: await token(ADMIN), method: 'POST', params: { id: String(state.workflowId!) } }) }],
  'GET /api/v1/admin/dead-letters': [
    { status: 200, call: async () => ({ token: await token(ADMIN), path: '/api/v1/admin/dead-letters?limit=5' }) },
    { status: 403, call: async () => ({ token: await token(SUBMITTER), path: '/api/v1/admin/dead-letters' }) },
  ],
  'GET /api/v1/admin/outbound': [{ status: 200, call: async () => ({ token: await token(ADMIN), path: '/api/v1/admin/outbound?state=all' }) }],
  'GET /api/v1/notifications': [
    { status: 200, call: async () => ({ token: await token(state.assignee!), path: '/api/v1/notifications?unread=true&limit=5' }) },
    { status: 400, call: async () => ({ token: await token(state.assignee!), path: '/api/v1/notifications?unread=maybe' }) },
  ],
  'POST /api/v1/notifications/read': [
    { status: 200, call: async () => ({ token: await token(state.assignee!), body: { ids: [state.notificationId!] } }) },
    { status: 400, call: async () => ({ token: await token(state.assignee!), body: { ids: [] } }) },
  ],
  'POST /api/v1/notifications/{id}/unread': [
    { status: 200, call: async () => ({ token: await token(state.assignee!), params: { id: String(state.notificationId!) } }) },
    { status: 404, call: async () => ({ token: await token(SUBMITTER), params: { id: String(state.notificationId!) } }) },
  ],
  'GET /api/v1/notifications/preferences': [{ status: 200, call: async () => ({ token: await token(SUBMITTER) }) }],
  'PUT /api/v1/notifications/preferences': [
    { status: 200, call: async () => ({ token: await token(SUBMITTER), body: { preferences: [{ type: 'comment_added', email: 'digest' }], digest_hour: 7, time_zone: 'Europe/Berlin' } }) },
    { status: 400, call: async () => ({ token: await token(SUBMITTER), body: { preferences: [{ type: 'sla_breach', in_app: false }] } }) },
  ],
  'GET /api/v1/admin/outbox': [{ status: 200, call: async () => ({ token: await token(ADMIN), path: '/api/v1/admin/outbox?limit=5' }) }],
  'GET /api/v1/admin/failed-notifications': [
    { status: 200, call: async () => ({ token: await token(ADMIN), path: '/api/v1/admin/failed-notifications?state=all' }) },
    { status: 403, call: async () => ({ token: await token(SUBMITTER), path: '/api/v1/admin/failed-notifications' }) },
  ],
  'POST /api/v1/admin/failed-notifications/{id}/retry': [
    { status: 202, call: async () => ({ token: await token(ADMIN), params: { id: String(state.failedId!) } }) },
    { status: 409, call: async () => ({ token: await token(ADMIN), params: { id: String(state.failedId!) } }) },
    { status: 404, call: async () => ({ token: await token(ADMIN), params: { id: '999999' } }) },
  ],
  'POST /api/v1/admin/failed-notifications/retry': [{ status: 202, call: async () => ({ token: await token(ADMIN) }) }],
  'GET /api/health': [{ status: 200, call: async () => ({}) }],
  'GET /api/openapi.json': [{ status: 200, call: async () => ({}) }],
};

// The order the examples run in: later ones use what earlier ones made.
const order = [
  'POST /api/v1/tickets',
  'POST /send/',
  'GET /api/v1/tickets',
  'GET /api/v1/tickets/{ticket_number}',
  'GET /api/v1/task-items',
  'GET /api/v1/task-items/{id}',
  'POST /api/v1/task-items/{id}/actions',
  'POST /api/v1/tickets/{ticket_number}/comments',
  'GET /api/v1/tickets/{ticket_number}/comments',
  'PATCH /api/v1/comments/{id}',
  'DELETE /api/v1/comments/{id}',
  'POST /api/v1/workflows',
  'GET /api/v1/workflows',
  'GET /api/v1/workflows/{id}',
  'PUT /api/v1/workflows/{id}',
  'POST /api/v1/workflows/{id}/publish',
  'POST /api/v1/tickets/{ticket_number}/route',
  'POST /api/v1/workflows/{id}/pause',
  'GET /api/v1/admin/dead-letters',
  'GET /api/v1/admin/outbound',
  'GET /api/v1/notifications',
  'POST /api/v1/notifications/read',
  'POST /api/v1/notifications/{id}/unread',
  'GET /api/v1/notifications/preferences',
  'PUT /api/v1/notifications/preferences',
  'GET /api/v1/admin/outbox',
  'GET /api/v1/admin/failed-notifications',
  'POST /api/v1/admin/failed-notifications/{id}/retry',
  'POST /api/v1/admin/failed-notifications/retry',
  'GET /api/health',
  'GET /api/openapi.json',
];

async function prepare(key: string) {
  if (key === 'GET /api/v1/admin/outbox') {
    // One email in the outbox (no RESEND_API_KEY in tests) and one failed delivery for the desk.
    const [outboxed, failing] = await t.db.select().from(emailDeliveries).where(eq(emailDeliveries.mode, 'immediate')).orderBy(emailDeliveries.id).limit(2);
    expect(await deliverEmail(t.db, outboxed.id, { now: new Date() })).toBe('outbox');
    expect(await deliverEmail(t.db, failing.id, { now: new Date(), mailer: () => Promise.resolve({ kind: 'permanent', error: 'HTTP 422 validation_error: bad address' }) })).toBe('failed');
    const [f] = await t.db.select().from(failedNotifications).where(eq(failedNotifications.deliveryId, failing.id));
    state.failedId = f.id;
  }
  if (key === 'GET /api/v1/notifications') {
    const [n] = await t.db.select().from(notifications).where(eq(notifications.userId, state.assignee!)).limit(1);
    state.notificationId = n.id;
  }
  if (key === 'GET /api/v1/tickets/{ticket_number}') {
    state.ticketNumber = 'TXCONTRACT0001';
    const [ticket] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, state.ticketNumber));
    const routed = await routeTicket(t.db, ticket.id);
    if (routed.outcome !== 'routed') throw new Error(`not routed: ${JSON.stringify(routed)}`);
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, routed.taskItemId));
    state.itemId = item.id;
    state.assignee = item.userId;
  }
  if (key === 'POST /api/v1/tickets/{ticket_number}/route') {
    // A ticket no workflow matches (the new one is not deployed for its category yet): unrouted.
    const res = await callRoute(await handlerOf(allOperations[0]), {
      token: await token(SUBMITTER),
      body: ticketPayload({ ticket_number: 'TXCONTRACT0003', department: 'Nowhere', category: 'Nothing' }),
    });
    expect(res.status).toBe(201);
    const [ticket] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TXCONTRACT0003'));
    expect((await routeTicket(t.db, ticket.id)).outcome).toBe('unrouted');
    state.unrouted = 'TXCONTRACT0003';
  }
}

describe('the OpenAPI document against real responses', () => {
  it('has an example call for every documented operation', () => {
    expect(allOperations.map(operationKey).filter((k) => !examples[k]?.length)).toEqual([]);
    expect([...order].sort()).toEqual(Object.keys(examples).sort());
  });

  it('answers every example with its documented status and a body that validates against the documented schema', async () => {
    const validate = responseValidator();
    const byKey = new Map(allOperations.map((op) => [operationKey(op), op]));
    for (const key of order) {
      const op = byKey.get(key)!;
      await prepare(key);
      const handler = await handlerOf(op);
      for (const example of examples[key]) {
        const options = await example.call();
        const res = await callRoute(handler, { method: op.method.toUpperCase(), ...options });
        expect(res.status, `${key}: ${JSON.stringify(res.json).slice(0, 400)}`).toBe(example.status);
        expect(validate(op, res.status, res.json), `${key} ${res.status} body matches the document`).toBeNull();
        if (key === 'POST /api/v1/workflows') state.workflowId = res.json.id;
        if (key === 'POST /api/v1/tickets/{ticket_number}/comments' && res.status === 201) state.commentId = res.json.comment.id;
      }
    }
    expect((await t.db.select().from(workflows).where(eq(workflows.id, state.workflowId!)))[0].status).toBe('paused');
  });

  it('catches a body that breaks the documented schema (the check can fail)', () => {
    const validate = responseValidator();
    const op = allOperations.find((o) => operationKey(o) === 'GET /api/v1/tickets')!;
    expect(validate(op, 200, { items: [{ id: 'not a number' }], next_cursor: null })).not.toBeNull();
    expect(validate(op, 200, { items: [], next_cursor: null })).toBeNull();
    expect(validate(op, 400, { error: { code: 'NO_SUCH_CODE', message: 'x' } })).not.toBeNull();
    expect(validate(op, 418, {})).toEqual(['status 418 is not documented for GET /api/v1/tickets']);
  });
});
