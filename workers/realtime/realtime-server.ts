import http from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Db } from '@/lib/db/client';
import { describeError } from '@/lib/db/driver-error';
import { AppError } from '@/lib/errors';
import { checkDatabase } from '@/lib/health';
import { startFanOut } from './fan-out';
import { identifyConnection, isAllowedOrigin } from './handshake';
import { createSeedWebSocketServer } from './seed-websocket';
import { registerSocketEvents, ticketRoom, userRoom } from './socket-events';

export interface RealtimeServer {
  port: number;
  /**
   * Drains: stops taking connections (/healthz answers 503 `draining`), lets running event
   * handlers finish and answer, delivers the announcements already heard, then closes every
   * client's transport, which makes socket.io
   * clients reconnect by themselves (to another sidecar behind the load balancer), and plain
   * WebSocket clients get 1012. Resolves once closed, or after `timeoutMs`.
   */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The realtime sidecar on one HTTP server: socket.io (`/socket.io/`), the seed's plain WebSocket
 * path (`/ws/comments/{ticket_number}/`), and `GET /healthz`. It keeps one room per ticket and
 * one per user, and delivers what the fan-out hears (lib/realtime) to its own sockets.
 */
export async function startRealtimeServer(p: { db: Db; port: number; host?: string; log: (m: string) => void }): Promise<RealtimeServer> {
  const { db, log } = p;
  let isDraining = false;
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => {});
    return work;
  };

  const seed = createSeedWebSocketServer({ db, log, track });
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://realtime').pathname;
    // socket.io answers its own path (it listens on the same server); everything else is here.
    if (path.startsWith('/socket.io/')) return;
    const answer = (status: number, body: object) =>
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return answer(404, { error: { code: 'NOT_FOUND', message: 'GET /healthz, socket.io on /socket.io/, WebSocket on /ws/comments/{ticket_number}/' } });
    }
    if (isDraining) return answer(503, { status: 'draining', pid: process.pid });
    void checkDatabase(db).then((database) =>
      database.status !== 'up'
        ? answer(503, { status: 'down', pid: process.pid, error: 'database unreachable' })
        : fanOut.isListening()
          ? answer(200, { status: 'ok', pid: process.pid, sockets: io.engine.clientsCount, plain_websockets: seed.size() })
          : answer(503, { status: 'down', pid: process.pid, error: 'not listening for announcements' }),
    );
  });

  // Upgrades: the seed's path here, before socket.io's engine (which would otherwise end any
  // upgrade not on its own path); anything else that is not socket.io's is refused.
  server.on('upgrade', (req, socket, head) => {
    if (isDraining) return void socket.destroy();
    if (seed.handleUpgrade(req, socket, head)) return;
    if (!new URL(req.url ?? '/', 'http://realtime').pathname.startsWith('/socket.io/')) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  const io = new Server(server, {
    destroyUpgrade: false,
    // One comment is at most 10,000 characters; nothing a client sends needs more.
    maxHttpBufferSize: 128 * 1024,
    cors: { origin: (origin, cb) => cb(null, isAllowedOrigin(origin)), credentials: true },
    // Every engine.io request (polling and the WebSocket upgrade) from a browser of another site
    // is refused before any identity is looked at.
    allowRequest: (req, cb) => cb(isAllowedOrigin(req.headers.origin) ? null : 'Origin not allowed', isAllowedOrigin(req.headers.origin) && !isDraining),
  });

  io.use((socket, next) => {
    identifyConnection(socket.handshake.headers, (socket.handshake.auth as { token?: unknown } | undefined)?.token).then(
      (actor) => {
        Object.assign(socket.data as object, { userId: actor.userId, expiresAt: actor.expiresAt });
        next();
      },
      (err) => {
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        if (!(err instanceof AppError)) log(`handshake failed: ${describeError(err)}`);
        next(Object.assign(new Error(err instanceof AppError ? err.message : 'Internal error'), { data: { code } }));
      },
    );
  });

  io.on('connection', (socket: Socket) => {
    const userId = (socket.data as { userId: number }).userId;
    void socket.join(userRoom(userId));
    const expiresAt = (socket.data as { expiresAt?: number }).expiresAt;
    if (expiresAt) {
      const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresAt - Date.now()));
      socket.once('disconnect', () => clearTimeout(timer));
    }
    registerSocketEvents(socket, { db, userId, log, track });
  });

  const roomSize = (room: string) => io.of('/').adapter.rooms.get(room)?.size ?? 0;
  const fanOut = await startFanOut(
    db,
    {
      hasTicketListeners: (t) => roomSize(ticketRoom(t)) > 0 || seed.hasTicketListeners(t),
      hasUserListeners: (u) => roomSize(userRoom(u)) > 0,
      emitComment: (op, comment) => {
        io.to(ticketRoom(comment.ticket_number)).emit(`comment:${op}`, { comment });
        if (op === 'created') seed.sendComment(comment);
      },
      emitToUser: (userId, event, payload) => void io.to(userRoom(userId)).emit(event, payload),
      // One emit to all the rooms: a socket in several of them (the holder on the ticket's page) gets it once.
      emitTaskItemChanged: (userIds, ticketNumber, payload) =>
        void io.to([...userIds.map(userRoom), ...(ticketNumber ? [ticketRoom(ticketNumber)] : [])]).emit('task-item:changed', payload),
      resync: () => void io.emit('realtime:resync', {}),
    },
    log,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(p.port, p.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : p.port;

  return {
    port,
    async close(timeoutMs = 20_000) {
      if (isDraining) return;
      isDraining = true;
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.race([Promise.allSettled([...running]), deadline]);
      // Stop listening, and deliver what was already heard, before the sockets go.
      await Promise.race([fanOut.close(), deadline]);
      // Closing the transports (not a socket.io disconnect) makes clients reconnect on their own.
      io.engine.close();
      seed.closeAll();
      server.closeAllConnections();
      await Promise.race([closed, deadline]);
    },
  };
}
