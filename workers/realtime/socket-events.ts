import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { getCommentTicket } from '@/lib/comments/comment-ticket';
import { createComment } from '@/lib/comments/create-comment';
import { socketCommentCreateSchema, ticketRoomSchema } from '@/lib/comments/schemas';
import type { Db } from '@/lib/db/client';
import { safeStack } from '@/lib/db/driver-error';
import { AppError, parseWith } from '@/lib/errors';

/** What an event answers: `{ok: true, ...}` or `{ok: false, error: {code, message, issues?}}`. */
export type Ack = (answer: Record<string, unknown>) => void;

export const ticketRoom = (ticketNumber: string) => `ticket:${ticketNumber}`;
export const userRoom = (userId: number) => `user:${userId}`;

/** Rooms one socket may be in at once besides its own: a page shows one ticket, a dashboard a few. */
const MAX_TICKET_ROOMS = 50;

export function errorAck(err: unknown, log: (m: string) => void): Record<string, unknown> {
  if (err instanceof AppError) {
    return { ok: false, error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
  }
  log(`event failed: ${safeStack(err)}`);
  return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
}

/**
 * The client events of one socket. Each is validated like an HTTP body and answered with an ack;
 * each calls the same domain function as the HTTP route (the read check for a join, createComment
 * for a comment). `track` keeps the sidecar's drain waiting for a handler that is still running.
 */
export function registerSocketEvents(socket: Socket, p: { db: Db; userId: number; log: (m: string) => void; track: <T>(work: Promise<T>) => Promise<T> }) {
  const on = <S extends z.ZodType>(event: string, schema: S, handle: (input: z.infer<S>) => Promise<Record<string, unknown>>) => {
    socket.on(event, (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as Ack) : undefined;
      const work = (async () => {
        try {
          return { ok: true, ...(await handle(parseWith(schema, args.length > (ack ? 1 : 0) ? args[0] : undefined))) };
        } catch (err) {
          return errorAck(err, p.log);
        }
      })();
      void p.track(work).then((answer) => ack?.(answer));
    });
  };

  on('ticket:join', ticketRoomSchema, async ({ ticket_number }) => {
    const room = ticketRoom(ticket_number);
    if (!socket.rooms.has(room)) {
      if ([...socket.rooms].filter((r) => r.startsWith('ticket:')).length >= MAX_TICKET_ROOMS) {
        throw new AppError('CONFLICT', `At most ${MAX_TICKET_ROOMS} tickets at once: leave one first`);
      }
      // Refused unless the user may read the ticket; a foreign ticket looks like a missing one.
      await getCommentTicket(p.db, { ticketNumber: ticket_number }, p.userId);
      await socket.join(room);
    }
    return { ticket_number };
  });

  on('ticket:leave', ticketRoomSchema, async ({ ticket_number }) => {
    await socket.leave(ticketRoom(ticket_number));
    return { ticket_number };
  });

  on('comment:create', socketCommentCreateSchema, async (input) => {
    const { comment, isNew } = await createComment(p.db, {
      userId: p.userId,
      ticketNumber: input.ticket_number,
      body: input.body,
      parentId: input.parent_id,
      clientId: input.client_id,
    });
    return { comment, is_new: isNew };
  });

  const known = new Set(['ticket:join', 'ticket:leave', 'comment:create']);
  socket.onAny((event: string, ...args: unknown[]) => {
    if (known.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as (reply: unknown) => void)({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown event "${String(event).slice(0, 64)}"` } });
  });
}
