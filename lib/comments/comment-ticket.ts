import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowFromJson } from '../db/row-from-json';
import { notificationPreferences, tickets } from '../db/schema';
import { notFound } from '../errors';
import { canReadTicketAmong } from '../tickets/can-read-ticket';
import { displayNameSql } from '../users/list-display-names';

export type CommentTicket = typeof tickets.$inferSelect;
export type PreferenceRow = Pick<typeof notificationPreferences.$inferSelect, 'userId' | 'type' | 'isInApp' | 'email'>;

export interface TicketPeople {
  /** Everyone on the task: the coordinator and everyone who held one of its items. */
  onTask: number[];
  /** Who may be @mentioned: those on the task and the submitter, with their names. */
  mentionable: Array<{ userId: number; name: string | null }>;
  /** The task page each person's notification links to: their latest item, else the task's latest. */
  linkItemOf: (userId: number) => number | null;
}

export interface CommentContext {
  ticket: CommentTicket;
  /** The people of the ticket, and the names of them and of the user (`names`). */
  people: TicketPeople & { names: Map<number, string> };
  /** Whose names were looked up (everyone in `names`, and those TTS knows no name of). */
  namesLookedUp: number[];
  /** With `withPreferences`: the stored notification preferences of the people of the ticket. */
  preferences: PreferenceRow[];
}

type Where = { ticketNumber: string } | { ticketId: number };

/**
 * Everything a comment on a ticket needs to know, in ONE statement: the ticket, whether the user
 * may read it (submitter, participants, admins: else NOT_FOUND, as if it did not exist), the
 * people on its task with their latest items, the names of them, of the submitter and of the user,
 * and (`withPreferences`) their notification preferences. `lockForPost` also takes createComment's
 * two transaction locks (statements after this one see what the previous holder committed): the
 * author's, which serialises an author's posts (client_id dedupe, rate limit), and the ticket's,
 * so comments on one ticket get their ids in the order they commit: a client that catches up
 * `after` the last id it has (events are hints) can never have skipped a smaller id that
 * committed later. Always in this order (author, then ticket), in this one statement: no deadlock.
 */
export async function loadCommentContext(db: DbOrTx, where: Where, userId: number, o: { lockForPost?: boolean; withPreferences?: boolean } = {}): Promise<CommentContext> {
  const match = 'ticketNumber' in where ? sql`ticket_number = ${where.ticketNumber}` : sql`id = ${where.ticketId}`;
  const [row] = Array.from(
    (await db.execute(sql`
      with t as (select * from tickets where ${match}),
      p as (
        select tk.owner_user_id, ti.id as item_id, ti.user_id
        from tasks tk left join task_items ti on ti.task_id = tk.id
        where tk.ticket_id = (select id from t)
      ),
      everyone as (
        select owner_user_id as id from p where owner_user_id is not null
        union select user_id from p where user_id is not null
        union select submitted_by from t where submitted_by is not null
      )
      select
        (select row_to_json(t) from t) as ticket,
        (select coalesce(json_agg(json_build_array(owner_user_id, item_id, user_id)), '[]') from p) as people,
        (select coalesce(json_agg(json_build_array(n.id, n.name)), '[]')
           from (select x.id, ${displayNameSql(sql`x.id`)} as name from (select id from everyone union select ${userId}::int) x) n
           where n.name is not null) as names,
        ${
          o.withPreferences
            ? sql`(select coalesce(json_agg(json_build_array(np.user_id, np.type, np.is_in_app, np.email)), '[]')
                     from notification_preferences np where np.user_id in (select id from everyone))`
            : sql`'[]'::json`
        } as preferences
        ${
          o.lockForPost
            ? sql`, pg_advisory_xact_lock(hashtext('tts:comment-author'), ${userId})::text as author_locked,
                  (select pg_advisory_xact_lock(hashtext('tts:comment-ticket'), t.id)::text from t) as ticket_locked`
            : sql``
        }
    `)) as Iterable<{ ticket: Record<string, unknown> | null; people: Array<[number | null, number | null, number | null]>; names: Array<[number, string]>; preferences: Array<[number, string, boolean, string]> }>,
  );
  if (!row?.ticket) throw notFound('Ticket');
  const ticket = rowFromJson(tickets, row.ticket);
  const ownerUserId = row.people[0]?.[0] ?? null;
  // Latest item first (the link of someone's notification is their latest item).
  const items = row.people.flatMap(([, id, user]) => (id != null && user != null ? [{ id, userId: user }] : [])).sort((a, b) => b.id - a.id);
  const onTask = [...new Set([...(ownerUserId != null ? [ownerUserId] : []), ...items.map((i) => i.userId)])];
  if (!(await canReadTicketAmong(db, ticket, onTask, userId))) throw notFound('Ticket');
  const names = new Map(row.names.map(([id, name]) => [id, name]));
  const everyone = [...new Set([...onTask, ...(ticket.submittedBy != null ? [ticket.submittedBy] : [])])];
  return {
    ticket,
    people: {
      onTask,
      mentionable: everyone.map((id) => ({ userId: id, name: names.get(id) ?? null })),
      linkItemOf: (id) => {
        if (!onTask.includes(id)) return null;
        return (items.find((i) => i.userId === id) ?? items[0])?.id ?? null;
      },
      names,
    },
    namesLookedUp: [...everyone, userId],
    preferences: row.preferences.map(([id, type, isInApp, email]) => ({ userId: id, type, isInApp, email }) as PreferenceRow),
  };
}

/**
 * The ticket whose comments the user wants, if they may read it (submitter, participants, admins);
 * anyone else gets NOT_FOUND, as if it did not exist.
 */
export async function getCommentTicket(db: DbOrTx, where: Where, userId: number): Promise<CommentTicket> {
  return (await loadCommentContext(db, where, userId)).ticket;
}
