/**
 * Fault (c): a realtime sidecar killed (`kill -9`) while comments flow. Clients reconnect to the
 * other one and fetch what they missed.
 *
 * The deployed layout, small: two sidecars (`npm run start:realtime`'s entry point) and the real
 * comments route (bench/realtime-http.ts: the route handlers Next runs, GET and POST, behind
 * node:http, so no build is needed) behind nginx rendered from deploy/nginx.conf. Socket.io
 * clients (WebSocket transport, reconnecting by themselves as a browser's client does) connect
 * through nginx, so each lands on either sidecar and, when theirs dies, nginx puts them on the
 * other. Each room (a routed ticket) gets one comment a second over HTTP through nginx, resent
 * with the same client_id when a POST fails. A sidecar is killed at random moments and started
 * again a few seconds later (never both down), alternating between the two; right after each
 * kill every room gets one more comment, which the killed sidecar's clients can only catch up on.
 *
 * Each client keeps its thread the way a TTS client does: a `comment:created` event adds the
 * comment (by id), and on every (re)connect it joins its room again and fetches
 * `GET .../comments?after=<the last id it had before joining>` (all pages) over HTTP. In the end every client must hold
 * every comment of its room exactly once; lost = (client, comment) pairs missing, duplicated =
 * comments stored twice, or delivered twice as an event to one connection, or twice in a thread.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SignJWT } from 'jose';
import { io as connect, type Socket } from 'socket.io-client';
import { intakeTicket } from '../../lib/tickets/intake-ticket';
import { routeTicket } from '../../lib/tickets/route-ticket';
import { prepareNginx } from '../../scripts/nginx-conf';
import { ManagedProcess, SECRETS, createFaultDatabase, freePort, isHealthy, processEnv, rng, rowsOf, sleep, summarize, waitFor, type FaultSummary } from './harness';

interface CommentJson {
  id: number;
  body: string;
  ticket_number: string;
}

interface Client {
  room: number;
  socket: Socket;
  /** The thread: comment id -> how many times it was added (1 unless something delivered it twice). */
  thread: Map<number, number>;
  /** Ids this connection got as `comment:created`; reset on each reconnect. */
  eventsThisConnection: Set<number>;
  eventDuplicates: number;
  connects: number;
  /** The last reason a (re)connection attempt failed, for the failure message. */
  lastError: string;
  lastId: number;
  catchUps: number;
  caughtUp: number;
}

export async function runSidecarKill(o: {
  rooms: number;
  clientsPerRoom: number;
  seconds: number;
  kills: number;
  seed: number;
  logDir: string;
  adminUrl?: string;
  log?: (m: string) => void;
}): Promise<FaultSummary> {
  const log = o.log ?? ((m: string) => console.log(`[sidecar-kill] ${m}`));
  const random = rng(o.seed);
  const adminUrl = o.adminUrl ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const nginxBin = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
  const database = await createFaultDatabase(adminUrl, 'sidecar');
  const failures: string[] = [];
  const figures: Record<string, number | string> = {};
  const clients: Client[] = [];
  let nginx: ChildProcess | undefined;
  let nginxPrefix: string | undefined;
  const processes: ManagedProcess[] = [];
  try {
    // One routed ticket per room, submitted by the room's user (who may read it).
    const ticketNumbers: string[] = [];
    const tokens: string[] = [];
    const prefix = `TXSK${o.seed % 100000}R`;
    for (let r = 0; r < o.rooms; r++) {
      const submittedBy = 40_000 + r;
      const { ticket } = await intakeTicket(database.db, {
        payload: { ticket_number: `${prefix}${String(r).padStart(4, '0')}`, subject: `Sidecar kill room ${r}`, department: 'Asset Department', category: 'Asset Check In', priority: 'Medium' },
        source: 'http',
        submittedBy,
      });
      await routeTicket(database.db, ticket.id);
      ticketNumbers.push(ticket.ticketNumber);
      tokens.push(
        await new SignJWT({ user_id: submittedBy }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('2h').sign(new TextEncoder().encode(SECRETS.JWT_SECRET)),
      );
    }

    const [nginxPort, httpPort, ...sidecarPorts] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const baseUrl = `http://127.0.0.1:${nginxPort}`;
    const env = processEnv({ databaseUrl: database.url, extra: { APP_URL: baseUrl, COMMENT_RATE_LIMIT_PER_MINUTE: '1000' } });
    const http = new ManagedProcess('comments-http', ['--import', 'tsx', 'bench/realtime-http.ts'], { ...env, PORT: String(httpPort) }, `http://127.0.0.1:${httpPort}/healthz`, path.join(o.logDir, 'comments-http.log'));
    const sidecars = sidecarPorts.map(
      (port, i) =>
        new ManagedProcess(`realtime-${i + 1}`, ['--import', 'tsx', 'workers/realtime/index.ts'], { ...env, REALTIME_PORT: String(port) }, `http://127.0.0.1:${port}/healthz`, path.join(o.logDir, `realtime-${i + 1}.log`)),
    );
    processes.push(http, ...sidecars);
    for (const p of processes) p.start();
    await Promise.all(processes.map((p) => p.waitHealthy()));
    const prepared = await prepareNginx({ nginxBin, listen: nginxPort, webPorts: [httpPort], realtimePorts: sidecarPorts });
    nginxPrefix = prepared.prefix;
    nginx = spawn(nginxBin, prepared.args, { stdio: 'ignore' });
    await waitFor('nginx to answer', () => isHealthy(`${baseUrl}/healthz`), 30_000, 100);

    // The clients, through nginx.
    // `since` is the last id the client had BEFORE it joined again: an event that arrives between
    // the join and its ack may be newer than one announced before the join, which only the
    // catch-up brings; asking `after` the newest id held then would skip it.
    const fetchMissed = async (c: Client, since: number) => {
      c.catchUps++;
      for (let after = since; ; ) {
        const res = await fetch(`${baseUrl}/api/v1/tickets/${ticketNumbers[c.room]}/comments?after=${after}`, {
          headers: { authorization: `Bearer ${tokens[c.room]}` },
          signal: AbortSignal.timeout(15_000),
        });
        if (!res.ok) throw new Error(`catch-up answered ${res.status}`);
        const page = (await res.json()) as { comments: CommentJson[]; has_more: boolean };
        for (const comment of page.comments) if (add(c, comment)) c.caughtUp++;
        if (!page.has_more || page.comments.length === 0) return;
        after = page.comments.at(-1)!.id;
      }
    };
    const add = (c: Client, comment: CommentJson): boolean => {
      const isNew = !c.thread.has(comment.id);
      // A TTS client adds a comment it does not have and updates one it has (by id).
      if (isNew) c.thread.set(comment.id, 1);
      c.lastId = Math.max(c.lastId, comment.id);
      return isNew;
    };
    for (let r = 0; r < o.rooms; r++) {
      for (let k = 0; k < o.clientsPerRoom; k++) {
        const socket = connect(baseUrl, {
          transports: ['websocket'],
          auth: { token: tokens[r] },
          forceNew: true,
          reconnectionDelay: 200,
          reconnectionDelayMax: 2000,
        });
        const c: Client = { room: r, socket, thread: new Map(), eventsThisConnection: new Set(), eventDuplicates: 0, connects: 0, lastError: '', lastId: 0, catchUps: 0, caughtUp: 0 };
        clients.push(c);
        socket.on('comment:created', ({ comment }: { comment: CommentJson }) => {
          if (c.eventsThisConnection.has(comment.id)) c.eventDuplicates++;
          c.eventsThisConnection.add(comment.id);
          add(c, comment);
        });
        socket.io.on('reconnect_error', (err) => (c.lastError = err.message));
        socket.on('connect_error', (err) => (c.lastError = `connect_error: ${err.message}`));
        socket.on('connect', () => {
          c.connects++;
          c.eventsThisConnection = new Set();
          const since = c.lastId;
          // Join the room again (a new connection is in no room), then fetch what was missed.
          const rejoin = async () => {
            for (let attempt = 0; socket.connected; attempt++) {
              try {
                const ack = (await socket.timeout(10_000).emitWithAck('ticket:join', { ticket_number: ticketNumbers[r] })) as { ok: boolean };
                if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
                await fetchMissed(c, since);
                return;
              } catch (err) {
                if (attempt >= 20) return void failures.push(`a client could not rejoin: ${(err as Error).message}`);
                await sleep(250);
              }
            }
          };
          void rejoin();
        });
      }
    }
    await waitFor('every client to connect and join', () => clients.every((c) => c.connects > 0 && c.catchUps > 0), 60_000, 100);
    log(`${clients.length} clients in ${o.rooms} rooms through nginx; ${(await sidecarSockets(sidecars)).join(' + ')} sockets on the two sidecars`);

    // Comments: one per room per second, each resent with its client_id until it is stored.
    let posting = true;
    let resends = 0;
    const posted: number[] = Array(o.rooms).fill(0);
    /** Posts one comment, resending it under its client_id until it is stored. */
    const postOne = async (r: number, key: string) => {
      for (;;) {
        try {
          const res = await fetch(`${baseUrl}/api/v1/tickets/${ticketNumbers[r]}/comments`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[r]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ body: `room ${r} comment ${key}`, client_id: `fault-${r}-${key}` }),
            signal: AbortSignal.timeout(15_000),
          });
          await res.arrayBuffer();
          if (res.status === 201 || res.status === 200) break;
        } catch {}
        resends++;
        await sleep(250);
      }
      posted[r]++;
    };
    const poster = async (r: number) => {
      await sleep((r * 1000) / o.rooms);
      const started = Date.now();
      for (let seq = 0; posting && seq < o.seconds; seq++) {
        const due = started + seq * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
        await postOne(r, String(seq));
      }
    };
    const posters = Array.from({ length: o.rooms }, (_, r) => poster(r));

    // The kills: random moments in the posting window, alternating sidecars, each started again
    // 2-4 s later, the next kill only once every client is back.
    const window = o.seconds * 1000;
    const moments = Array.from({ length: o.kills }, () => 1000 + random() * (window - 4000)).sort((a, b) => a - b);
    const t0 = Date.now();
    let reconnectMs = 0;
    for (const [i, at] of moments.entries()) {
      if (t0 + at > Date.now()) await sleep(t0 + at - Date.now());
      const victim = sidecars[i % 2];
      const before = clients.reduce((n, c) => n + c.connects, 0);
      const onVictim = (await sidecarSockets(sidecars))[i % 2];
      await victim.kill();
      const killedAt = Date.now();
      log(`kill -9 ${victim.name} (${onVictim} sockets on it) at ${((killedAt - t0) / 1000).toFixed(1)} s`);
      // One more comment in every room at once, while its clients are still reconnecting (socket.io
      // waits 100-300 ms before its first attempt): those on the killed sidecar can only get it
      // by catching up.
      await Promise.all(ticketNumbers.map((_, r) => postOne(r, `gap-${i}`)));
      const waiting = () => {
        const down = clients.filter((c) => !c.socket.connected);
        const reasons = [...new Set(down.map((c) => c.lastError))].slice(0, 3).join(' | ');
        return `the ${onVictim} clients of ${victim.name} to reconnect (${down.length} not connected${reasons ? `: ${reasons}` : ''})`;
      };
      await waitFor('reconnects', () => clients.reduce((n, c) => n + c.connects, 0) - before >= onVictim, 60_000, 50).catch(() => {
        throw new Error(`timed out waiting for ${waiting()}`);
      });
      reconnectMs = Math.max(reconnectMs, Date.now() - killedAt);
      await sleep(2000 + random() * 2000);
      victim.start();
      await victim.waitHealthy();
    }
    await Promise.all(posters);
    posting = false;
    const total = posted.reduce((a, b) => a + b, 0);

    // Settle: every client holds every comment of its room (events, or its catch-up).
    const stored = rowsOf<{ room: string; n: number; distinct_clients: number }>(
      await database.db.$client`select t.ticket_number as room, count(*)::int as n, count(distinct c.client_id)::int as distinct_clients
        from comments c join tickets t on t.id = c.ticket_id group by t.ticket_number`,
    );
    const storedIds = new Map<string, Set<number>>();
    for (const row of rowsOf<{ ticket_number: string; id: number }>(await database.db.$client`select t.ticket_number, c.id from comments c join tickets t on t.id = c.ticket_id`)) {
      const set = storedIds.get(row.ticket_number) ?? new Set<number>();
      set.add(row.id);
      storedIds.set(row.ticket_number, set);
    }
    const missing = () => clients.reduce((n, c) => n + [...(storedIds.get(ticketNumbers[c.room]) ?? [])].filter((id) => !c.thread.has(id)).length, 0);
    const settleStarted = Date.now();
    await waitFor('every client to hold every comment', () => missing() === 0, 30_000, 100).catch(() => {});
    const settleMs = Date.now() - settleStarted;

    const missingPairs = clients.flatMap((c, k) =>
      [...(storedIds.get(ticketNumbers[c.room]) ?? [])].filter((id) => !c.thread.has(id)).map((id) => ({ client: k, room: c.room, id, lastId: c.lastId, connects: c.connects })),
    );
    if (missingPairs.length) log(`missing (first 10): ${JSON.stringify(missingPairs.slice(0, 10))}`);
    const storedTotal = stored.reduce((n, s) => n + s.n, 0);
    const storedTwice = stored.reduce((n, s) => n + (s.n - s.distinct_clients), 0);
    const lost = missing();
    const threadTwice = clients.reduce((n, c) => n + [...c.thread.values()].filter((v) => v > 1).length, 0);
    const eventTwice = clients.reduce((n, c) => n + c.eventDuplicates, 0);
    const caughtUp = clients.reduce((n, c) => n + c.caughtUp, 0);
    const reconnected = clients.filter((c) => c.connects > 1).length;
    Object.assign(figures, {
      comments: total,
      clients: clients.length,
      kills: o.kills,
      reconnected,
      'caught up over HTTP': caughtUp,
      lost,
      duplicated: storedTwice + threadTwice + eventTwice,
      'POST resends': resends,
      'slowest reconnect': `${(reconnectMs / 1000).toFixed(1)} s`,
    });
    if (storedTotal !== total) failures.push(`${storedTotal} comments stored for ${total} posted`);
    if (lost) failures.push(`${lost} (client, comment) pairs missing ${settleMs} ms after the last post`);
    if (storedTwice) failures.push(`${storedTwice} comments stored twice`);
    if (eventTwice) failures.push(`${eventTwice} comments delivered twice to one connection`);
    if (threadTwice) failures.push(`${threadTwice} comments twice in a thread`);
    if (o.kills > 0 && reconnected === 0) failures.push('no client reconnected: the kills did not reach anyone');
    if (o.kills > 0 && caughtUp === 0) failures.push('nothing was caught up over HTTP: the kills missed the comment flow');
  } finally {
    for (const c of clients) c.socket.disconnect();
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGQUIT');
      await Promise.race([exited, sleep(5000)]);
      if (nginx.exitCode === null) nginx.kill('SIGKILL');
    }
    if (nginxPrefix) {
      const fs = await import('node:fs');
      fs.cpSync(path.join(nginxPrefix, 'error.log'), path.join(o.logDir, 'nginx-error.log'), { force: true });
      fs.rmSync(nginxPrefix, { recursive: true, force: true });
    }
    await Promise.all(processes.map((p) => p.close()));
    await database.drop();
  }
  return summarize('sidecar-kill', figures, failures);
}

async function sidecarSockets(sidecars: ManagedProcess[]): Promise<number[]> {
  return Promise.all(
    sidecars.map(async (s) => {
      try {
        const res = await fetch(s.healthUrl, { signal: AbortSignal.timeout(3000) });
        return ((await res.json()) as { sockets?: number }).sockets ?? 0;
      } catch {
        return 0;
      }
    }),
  );
}

/** `npx tsx bench/faults/sidecar-kill.ts [rooms=20] [clients per room=10] [seconds=40] [kills=4]` */
if (import.meta.url === `file://${process.argv[1]}`) {
  const [rooms = 20, perRoom = 10, seconds = 40, kills = 4] = process.argv.slice(2).map(Number);
  const { root } = await import('./harness');
  const summary = await runSidecarKill({ rooms, clientsPerRoom: perRoom, seconds, kills, seed: Date.now() % 1e9, logDir: path.join(root, 'test-results', 'faults', 'sidecar-kill') });
  console.log(summary.line);
  process.exit(summary.passed ? 0 : 1);
}
