import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '@/lib/comments/create-comment';
import { comments, notifications, taskItems, tasks } from '@/lib/db/schema';
import { resetEnvForTests } from '@/lib/env';
import { REALTIME_CHANNEL } from '@/lib/realtime/events';
import { startTicket } from '@/lib/testing/engine';
import { serviceToken } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { DELETE as deleteRoute, PATCH as patchRoute } from './[id]/route';
import { GET as listRoute, POST as postRoute } from '../tickets/[ticket_number]/comments/route';

let t: TestDb;
const tokens = new Map<number, string>();
const token = async (userId: number) => {
  if (!tokens.has(userId)) tokens.set(userId, await serviceToken(userId));
  return tokens.get(userId)!;
};

const SUBMITTER = 501;
const ADMIN = 111;
const OUTSIDER = 142; // Bea Budget: a TTS user with nothing to do with asset tickets
let ticketNumber: string;
let coordinator: number;
let assignee: number;
let otherTicket: string;

beforeAll(async () => {
  t = await openSeededRouteDb();
  const started = await startTicket(t.db, { ticket_number: 'TXCOMMENTS0001', subject: 'Broken <dock>' });
  ticketNumber = started.ticket.ticketNumber;
  const [task] = await t.db.select().from(tasks).where(eq(tasks.id, started.taskId));
  coordinator = task.ownerUserId!;
  [{ userId: assignee }] = await t.db.select().from(taskItems).where(eq(taskItems.id, started.itemId));
  otherTicket = (await startTicket(t.db, { ticket_number: 'TXCOMMENTS0002' })).ticket.ticketNumber;
});
afterAll(() => closeRouteDb(t));

const post = async (userId: number, body: unknown, number = ticketNumber) =>
  callRoute(postRoute, { token: await token(userId), params: { ticket_number: number }, body });
const list = async (userId: number, query = '', number = ticketNumber) =>
  callRoute(listRoute, { token: await token(userId), path: `/api/v1/tickets/${number}/comments${query}`, params: { ticket_number: number } });
const patch = async (userId: number, id: number, body: unknown) => callRoute(patchRoute, { method: 'PATCH', token: await token(userId), params: { id: String(id) }, body });
const del = async (userId: number, id: number) => callRoute(deleteRoute, { method: 'DELETE', token: await token(userId), params: { id: String(id) } });
async function commentNotifications(commentId: number) {
  const rows = await t.db.select().from(notifications).where(eq(notifications.type, 'comment_added'));
  return rows.filter((n) => (n.metadata as { comment_id?: number }).comment_id === commentId).sort((a, b) => a.userId - b.userId);
}

describe('comments over HTTP', () => {
  it('lets the submitter, the people on the task and admins talk; anyone else gets 404', async () => {
    const first = await post(SUBMITTER, { body: 'Is there any news?' });
    expect(first.status).toBe(201);
    expect(first.json.comment).toMatchObject({
      ticket_number: ticketNumber,
      author: { user_id: SUBMITTER },
      body: 'Is there any news?',
      parent_id: null,
      mentions: [],
      edited_at: null,
      is_deleted: false,
    });
    expect((await post(assignee, { body: 'On it', parent_id: first.json.comment.id })).status).toBe(201);
    expect((await post(coordinator, { body: 'Thanks' })).status).toBe(201);
    expect((await post(ADMIN, { body: 'Admin here' })).status).toBe(201);

    const all = await list(OUTSIDER);
    expect(all.status).toBe(404);
    expect((await post(OUTSIDER, { body: 'let me in' })).status).toBe(404);
    expect((await patch(OUTSIDER, first.json.comment.id, { body: 'x' })).status).toBe(404);
    expect((await del(OUTSIDER, first.json.comment.id)).status).toBe(404);
    const [{ n }] = await t.db.select({ n: count() }).from(comments).where(eq(comments.authorUserId, OUTSIDER));
    expect(n).toBe(0);

    const read = await list(SUBMITTER);
    expect(read.status).toBe(200);
    expect(read.json.comments.map((c: { body: string }) => c.body)).toEqual(['Is there any news?', 'On it', 'Thanks', 'Admin here']);
    expect(read.json.comments[1]).toMatchObject({ parent_id: first.json.comment.id, author: { user_id: assignee, name: expect.any(String) } });
    expect(read.json.has_more).toBe(false);
  });

  it('answers after={id} with only what came later, and pages with has_more', async () => {
    const all = (await list(SUBMITTER)).json.comments as Array<{ id: number }>;
    const later = await list(SUBMITTER, `?after=${all[1].id}`);
    expect(later.json.comments.map((c: { id: number }) => c.id)).toEqual(all.slice(2).map((c) => c.id));
    const page = await list(SUBMITTER, '?after=0&limit=2');
    expect(page.json.comments).toHaveLength(2);
    expect(page.json.has_more).toBe(true);
    expect((await list(SUBMITTER, '?after=-1')).json.error.issues[0].path).toBe('after');
  });

  it('stores script content exactly as typed and hands it back as text', async () => {
    const body = '<script>alert("x")</script> & <b>bold</b> \u{1F600}\n  indented  ';
    const res = await post(assignee, { body });
    expect(res.status).toBe(201);
    const [row] = await t.db.select().from(comments).where(eq(comments.id, res.json.comment.id));
    expect(row.body).toBe(body);
    expect((await list(SUBMITTER)).json.comments.at(-1).body).toBe(body);
  });

  it('refuses a bad body or parent with a 400 naming the field', async () => {
    for (const body of [{}, { body: '' }, { body: '   \n' }, { body: 'x'.repeat(10_001) }, { body: 'a\u0000b' }, { body: 5 }]) {
      const res = await post(SUBMITTER, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect([...new Set(res.json.error.issues.map((i: { path: string }) => i.path))]).toEqual(['body']);
    }
    expect((await post(SUBMITTER, { body: 'x'.repeat(10_000) })).status).toBe(201);
    const elsewhere = await post(SUBMITTER, { body: 'on the other ticket' }, otherTicket);
    const reply = await post(SUBMITTER, { body: 'reply across tickets', parent_id: elsewhere.json.comment.id });
    expect(reply.status).toBe(400);
    expect(reply.json.error.issues).toEqual([{ path: 'parent_id', message: 'must be a comment on this ticket' }]);
    expect((await post(SUBMITTER, { body: 'x', parent_id: 0 })).json.error.issues[0].path).toBe('parent_id');
    expect((await post(SUBMITTER, { body: 'x', client_id: 'has space' })).json.error.issues[0].path).toBe('client_id');
  });

  it('posts a resend with the same client_id once, also when both arrive at once', async () => {
    const a = await post(SUBMITTER, { body: 'Sent twice?', client_id: 'phone-1' });
    const b = await post(SUBMITTER, { body: 'Sent twice?', client_id: 'phone-1' });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.json.comment).toEqual(a.json.comment);
    const racing = await Promise.all([1, 2, 3].map(() => post(assignee, { body: 'race', client_id: 'tab-9' })));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(racing.map((r) => r.json.comment.id)).size).toBe(1);
    // Another author may use the same client id; the same author on another ticket may not.
    expect((await post(coordinator, { body: 'mine', client_id: 'phone-1' })).status).toBe(201);
    const clash = await post(SUBMITTER, { body: 'elsewhere', client_id: 'phone-1' }, otherTicket);
    expect(clash.status).toBe(409);
    const [{ n }] = await t.db.select({ n: count() }).from(comments).where(eq(comments.clientId, 'phone-1'));
    expect(n).toBe(2);
  });

  it('records @mentions of participants and notifies everyone on the task but the author, once each', async () => {
    const names = await t.db.query.users.findMany();
    const nameOf = (id: number) => names.find((u) => u.id === id)!.fullName;
    const res = await post(SUBMITTER, { body: `@${nameOf(assignee)} can you check? cc @${coordinator} and @Bea Budget` });
    expect(res.status).toBe(201);
    // Bea is no participant: not a mention.
    expect(res.json.comment.mentions).toEqual([assignee, coordinator]);
    const sent = await commentNotifications(res.json.comment.id);
    expect(sent.map((n) => n.userId).sort()).toEqual([assignee, coordinator].sort());
    for (const n of sent) {
      expect(n.subject).toMatch(/mentioned you/);
      expect(n.metadata).toMatchObject({ comment_id: res.json.comment.id, is_mention: true });
      expect(n.taskItemId).not.toBeNull();
    }

    const plain = await post(assignee, { body: 'Checked: it is the dock' });
    const told = await commentNotifications(plain.json.comment.id);
    // The coordinator (on the task) hears of it; the author does not; the submitter is not on the task.
    expect(told.map((n) => n.userId)).toEqual([coordinator]);
    expect(told[0].subject).toBe(`[${ticketNumber}] New comment: Broken <dock>`);
    expect(told[0].message).toContain('Checked: it is the dock');
  });

  it('lets the author edit (others: 403), notifying only someone newly mentioned', async () => {
    const c = (await post(assignee, { body: 'first version' })).json.comment;
    expect((await commentNotifications(c.id)).map((n) => n.userId)).toEqual([coordinator]);
    expect((await patch(coordinator, c.id, { body: 'not mine' })).status).toBe(403);
    const edited = await patch(assignee, c.id, { body: `second version, @${SUBMITTER}` });
    expect(edited.status).toBe(200);
    expect(edited.json.comment).toMatchObject({ body: `second version, @${SUBMITTER}`, mentions: [SUBMITTER] });
    expect(Date.parse(edited.json.comment.edited_at)).not.toBeNaN();
    await patch(assignee, c.id, { body: `third, still @${SUBMITTER} and @${coordinator}` });
    const sent = await commentNotifications(c.id);
    expect(sent.map((n) => [n.userId, n.metadata.is_mention ?? false])).toEqual(
      [
        [coordinator, false],
        [SUBMITTER, true],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect((await patch(assignee, c.id, { body: '' })).status).toBe(400);
  });

  it('deletes softly (author or admin; others 403): the thread keeps its shape', async () => {
    const parent = (await post(assignee, { body: 'will be deleted' })).json.comment;
    const reply = (await post(SUBMITTER, { body: 'a reply', parent_id: parent.id })).json.comment;
    expect((await del(SUBMITTER, parent.id)).status).toBe(403);
    const gone = await del(assignee, parent.id);
    expect(gone.status).toBe(200);
    expect(gone.json.comment).toMatchObject({ id: parent.id, body: '', is_deleted: true, mentions: [] });
    expect((await del(assignee, parent.id)).status).toBe(200);
    expect((await patch(assignee, parent.id, { body: 'undo' })).status).toBe(409);
    const thread = (await list(SUBMITTER)).json.comments as Array<{ id: number; parent_id: number | null; is_deleted: boolean }>;
    expect(thread.find((c) => c.id === parent.id)).toMatchObject({ is_deleted: true });
    expect(thread.find((c) => c.id === reply.id)).toMatchObject({ parent_id: parent.id, is_deleted: false });
    const [row] = await t.db.select().from(comments).where(eq(comments.id, parent.id));
    expect(row.body).toBe('');
    expect(row.deletedBy).toBe(assignee);
    // An admin may delete anyone's comment.
    expect((await del(ADMIN, reply.id)).json.comment.is_deleted).toBe(true);
  });

  it('limits each user to COMMENT_RATE_LIMIT_PER_MINUTE comments a minute (429), resends excepted', async () => {
    process.env.COMMENT_RATE_LIMIT_PER_MINUTE = '3';
    resetEnvForTests();
    try {
      const fresh = (await startTicket(t.db, { ticket_number: 'TXCOMMENTS0003' })).ticket.ticketNumber;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(112, { body: `n${i}`, client_id: `burst-${i}` }, fresh)).status);
      const over = await post(112, { body: 'one too many' }, fresh);
      expect([...statuses, over.status]).toEqual([201, 201, 201, 429]);
      expect(over.json.error.code).toBe('RATE_LIMITED');
      expect(over.headers.get('retry-after')).toBe('60');
      expect((await post(112, { body: 'n0', client_id: 'burst-0' }, fresh)).status).toBe(200);
      // Others are not held up by one user's burst.
      expect((await post(102, { body: 'me too' }, fresh)).status).toBe(201);
    } finally {
      delete process.env.COMMENT_RATE_LIMIT_PER_MINUTE;
      resetEnvForTests();
    }
  });
});

describe('comment ids on a ticket', () => {
  it('grow in the order comments commit, so a client catching up `after` its last id misses none', async () => {
    // A's comment gets its id, and its transaction stays open; B comments on the same ticket meanwhile.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let aId = 0;
    const a = t.db.transaction(async (tx) => {
      aId = (await createComment(tx, { userId: coordinator, ticketNumber, body: 'A, committed second' })).comment.id;
      await held;
    });
    await expect.poll(() => aId, { timeout: 5000 }).toBeGreaterThan(0);
    let bDone = false;
    const b = createComment(t.db, { userId: assignee, ticketNumber, body: 'B, waits for A' }).then((r) => ((bDone = true), r));
    await new Promise((r) => setTimeout(r, 300));
    // Had B committed now with a larger id, a client that got B and then reconnected would ask
    // for comments after B's id and never see A.
    expect(bDone).toBe(false);
    release();
    await a;
    const { comment } = await b;
    expect(comment.id).toBeGreaterThan(aId);
  });
});

describe('the realtime announcement', () => {
  it('goes out on commit with ids only, and not at all when the transaction rolls back', async () => {
    const listener = postgres(t.url, { max: 1, onnotice: () => {} });
    const heard: Array<Record<string, unknown>> = [];
    try {
      await listener.listen(REALTIME_CHANNEL, (payload) => heard.push(JSON.parse(payload)));
      const res = await post(assignee, { body: 'announce me' });
      const id = res.json.comment.id;
      await expect.poll(() => heard.find((e) => e.k === 'comment' && e.id === id), { timeout: 5000 }).toEqual({ k: 'comment', op: 'created', id, ticket: ticketNumber });
      // The coordinator's comment_added notification is announced to them.
      await expect.poll(() => heard.some((e) => e.k === 'notification' && e.user === coordinator), { timeout: 5000 }).toBe(true);

      await expect(
        t.db.transaction(async (tx) => {
          await createComment(tx, { userId: assignee, ticketNumber, body: 'rolled back' });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      const marker = await post(assignee, { body: 'after the rollback' });
      await expect.poll(() => heard.some((e) => e.id === marker.json.comment.id), { timeout: 5000 }).toBe(true);
      const created = heard.filter((e) => e.k === 'comment' && e.op === 'created').map((e) => e.id);
      expect(created).toEqual([id, marker.json.comment.id]);
      expect((await t.db.select().from(comments).where(eq(comments.body, 'rolled back'))).length).toBe(0);
    } finally {
      await listener.end();
    }
  });
});
