import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { CommentJson } from '@/lib/comments/comment-json';
import { getCommentTicket } from '@/lib/comments/comment-ticket';
import { createComment } from '@/lib/comments/create-comment';
import { seedNewCommentSchema, ticketNumberParamsSchema } from '@/lib/comments/schemas';
import type { Db } from '@/lib/db/client';
import { describeError } from '@/lib/db/driver-error';
import { AppError, httpStatusByCode, parseWith } from '@/lib/errors';
import { parseJsonText } from '@/lib/validation';
import { identifyConnection, isAllowedOrigin } from './handshake';
import { errorAck } from './socket-events';

/** The seed's path: `/ws/comments/{ticket_number}/` (the trailing slash optional). */
const PATH = /^\/ws\/comments\/([^/]+)\/?$/;
const PING_MS = 25_000;

export interface SeedWebSocketServer {
  /** Takes an upgrade request; false when the path is not the seed's (socket.io's, or unknown). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  hasTicketListeners(ticketNumber: string): boolean;
  /** A new comment on a ticket, to its plain WebSocket clients, as the seed sent it. */
  sendComment(comment: CommentJson): void;
  /** Closes every connection with 1012 (service restart): clients reconnect, to another sidecar. */
  closeAll(): void;
  size(): number;
}

/**
 * The seed's plain WebSocket comments path (Django Channels' CommentConsumer), for clients
 * written against it: identity from the `access_token` cookie or an `Authorization` header (or
 * the UI session), the same read check as the API, `{"type": "new_comment", "content": "..."}`
 * in (a `user_id` in it is ignored: identity comes from the token), and every new comment on the
 * ticket out as `{"type": "comment_message", "comment": {...}}`, the JSON of the API. Only new
 * comments are pushed: the seed's clients add whatever arrives to their list. A message that is
 * refused is answered `{"type": "error", "error": {code, message, issues?}}`.
 */
export function createSeedWebSocketServer(p: { db: Db; log: (m: string) => void; track: <T>(work: Promise<T>) => Promise<T> }): SeedWebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 128 * 1024 });
  const byTicket = new Map<string, Set<WebSocket>>();

  const refuse = (socket: Duplex, err: unknown) => {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    if (!(err instanceof AppError)) p.log(`plain WebSocket handshake failed: ${describeError(err)}`);
    const status = httpStatusByCode[code];
    const body = JSON.stringify({ error: { code, message: err instanceof AppError ? err.message : 'Internal error' } });
    socket.end(`HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };

  const accept = async (req: IncomingMessage, socket: Duplex, head: Buffer, rawTicket: string) => {
    try {
      if (!isAllowedOrigin(req.headers.origin)) throw new AppError('FORBIDDEN', 'Origin not allowed');
      let decoded: string;
      try {
        decoded = decodeURIComponent(rawTicket);
      } catch {
        throw new AppError('INVALID_INPUT', 'ticket_number is not valid percent-encoding');
      }
      const { ticket_number } = parseWith(ticketNumberParamsSchema, { ticket_number: decoded });
      const actor = await identifyConnection(req.headers);
      const ticket = await getCommentTicket(p.db, { ticketNumber: ticket_number }, actor.userId);
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, ticket.ticketNumber, actor.userId, actor.expiresAt));
    } catch (err) {
      refuse(socket, err);
    }
  };

  const attach = (ws: WebSocket, ticketNumber: string, userId: number, expiresAt: number | undefined) => {
    const set = byTicket.get(ticketNumber) ?? new Set<WebSocket>();
    byTicket.set(ticketNumber, set);
    set.add(ws);
    let isAlive = true;
    const ping = setInterval(() => {
      if (!isAlive) return ws.terminate();
      isAlive = false;
      ws.ping();
    }, PING_MS);
    const expiry = expiresAt ? setTimeout(() => ws.close(4001, 'token expired'), Math.max(0, expiresAt - Date.now())) : undefined;
    ws.on('pong', () => {
      isAlive = true;
    });
    ws.on('close', () => {
      clearInterval(ping);
      clearTimeout(expiry);
      set.delete(ws);
      if (set.size === 0) byTicket.delete(ticketNumber);
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const work = (async () => {
        try {
          if (isBinary) throw new AppError('INVALID_INPUT', 'Send JSON text', [{ path: '(message)', message: 'must be JSON text' }]);
          const message = parseWith(seedNewCommentSchema, parseJsonText(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'), '(message)'));
          // Its own copy arrives like everyone's, as comment_message, once committed.
          await createComment(p.db, { userId, ticketNumber, body: message.content, parentId: message.parent_id, clientId: message.client_id });
        } catch (err) {
          const { error } = errorAck(err, p.log) as { error: unknown };
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', error }));
        }
      })();
      void p.track(work);
    });
  };

  return {
    handleUpgrade(req, socket, head) {
      const match = PATH.exec(new URL(req.url ?? '/', 'http://realtime').pathname);
      if (!match) return false;
      void accept(req, socket, head, match[1]);
      return true;
    },
    hasTicketListeners: (ticketNumber) => (byTicket.get(ticketNumber)?.size ?? 0) > 0,
    sendComment(comment) {
      const text = JSON.stringify({ type: 'comment_message', comment });
      for (const ws of byTicket.get(comment.ticket_number) ?? []) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    closeAll() {
      for (const set of byTicket.values()) for (const ws of set) ws.close(1012, 'restarting');
    },
    size: () => [...byTicket.values()].reduce((n, s) => n + s.size, 0),
  };
}
