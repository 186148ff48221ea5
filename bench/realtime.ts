/**
 * Live comments end to end: CLIENTS socket.io clients in rooms of 10 (one room per ticket), on two
 * realtime sidecar processes (the real workers/realtime/index.ts; each room's clients split
 * between them, so every comment crosses processes through pg_notify), one comment per room per
 * second posted over HTTP to two HTTP processes (the real comments route, with its transaction,
 * mentions check, notifications and pg_notify). Measured: from just before the HTTP POST to receipt of
 * `comment:created` on the room's other 9 clients. Baseline in the same run: the same clients and
 * rooms on two bare socket.io servers that only relay (bench/realtime-echo.ts), from the emit to
 * receipt on the other 9 clients (each room on one server, as a bare server cannot cross processes).
 *
 *   npx tsx bench/realtime.ts [clients=1000] [seconds=30]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { io as connect, type Socket } from 'socket.io-client';
import { intakeTicket } from '../lib/tickets/intake-ticket';
import { routeTicket } from '../lib/tickets/route-ticket';
import { withThrowawayDatabase } from './throwaway-database';

const CLIENTS = Number(process.argv[2] ?? 1000);
const SECONDS = Number(process.argv[3] ?? 30);
const ROOM_SIZE = 10;
const ROOMS = Math.floor(CLIENTS / ROOM_SIZE);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const children: ChildProcess[] = [];

function startChild(name: string, args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${out}`)));
  });
}

async function stopChildren() {
  await Promise.all(
    children.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(label: string, latencies: number[], expected: number, extra = '') {
  const s = [...latencies].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(34)} p50 ${f(percentile(s, 50))} ms  p95 ${f(percentile(s, 95))} ms  p99 ${f(percentile(s, 99))} ms  max ${f(s.at(-1) ?? NaN)} ms  ` +
      `${s.length}/${expected} received${extra}`,
  );
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN, received: s.length, expected };
}

async function connectAll(urlOf: (room: number, k: number) => string, authOf: (room: number) => Record<string, unknown>): Promise<Socket[][]> {
  const rooms: Socket[][] = [];
  for (let r = 0; r < ROOMS; r++) {
    const sockets = Array.from({ length: ROOM_SIZE }, (_, k) =>
      connect(urlOf(r, k), { transports: ['websocket'], auth: authOf(r), reconnection: false, forceNew: true }),
    );
    await Promise.all(sockets.map((s) => new Promise<void>((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)))));
    rooms.push(sockets);
  }
  return rooms;
}

/** Runs `tick(room, seq)` once per room per second, rooms spread evenly over each second. */
async function drive(tick: (room: number, seq: number) => void) {
  const started = performance.now();
  const timers: NodeJS.Timeout[] = [];
  await new Promise<void>((resolve) => {
    for (let r = 0; r < ROOMS; r++) {
      let seq = 0;
      const offset = (r * 1000) / ROOMS;
      timers.push(
        setTimeout(() => {
          tick(r, seq++);
          const timer = setInterval(() => {
            if (seq >= SECONDS) return clearInterval(timer);
            tick(r, seq++);
          }, 1000);
          timers.push(timer);
        }, offset),
      );
    }
    setTimeout(resolve, SECONDS * 1000 + 3000);
  });
  for (const t of timers) clearTimeout(t);
  return (performance.now() - started) / 1000;
}

const secret = 'bench-secret-0123456789abcdef';
process.env.JWT_SECRET = secret;
process.env.AUTH_SECRET = secret;
const tokenFor = (userId: number) =>
  new SignJWT({ user_id: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(new TextEncoder().encode(secret));

await withThrowawayDatabase(async (db, url) => {
  // One ticket per room, routed (so comments notify a coordinator and an assignee, as in real
  // use), submitted by the room's user.
  const ticketNumbers: string[] = [];
  const tokens: string[] = [];
  for (let r = 0; r < ROOMS; r++) {
    const { ticket } = await intakeTicket(db, {
      payload: { ticket_number: `TXBENCHRT${String(r).padStart(5, '0')}`, subject: `Room ${r}`, department: 'Asset Department', category: 'Asset Check In', priority: 'Medium' },
      source: 'http',
      submittedBy: 20_000 + r,
    });
    await routeTicket(db, ticket.id);
    ticketNumbers.push(ticket.ticketNumber);
    tokens.push(await tokenFor(20_000 + r));
  }
  console.log(`${CLIENTS} clients, ${ROOMS} rooms of ${ROOM_SIZE}, 1 comment per room per second for ${SECONDS} s, 2 server processes each`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores)`);

  // Baseline: bare socket.io relay.
  {
    const ports = await Promise.all([startChild('echo-1', ['bench/realtime-echo.ts'], {}), startChild('echo-2', ['bench/realtime-echo.ts'], {})]);
    const rooms = await connectAll((r) => `http://127.0.0.1:${ports[r % 2]}`, () => ({}));
    await Promise.all(rooms.flatMap((sockets, r) => sockets.map((s) => s.timeout(10_000).emitWithAck('join', `room-${r}`))));
    const latencies: number[] = [];
    rooms.forEach((sockets) => sockets.slice(1).forEach((s) => s.on('msg', (p: { t0: number }) => latencies.push(performance.now() - p.t0))));
    await drive((r, seq) => rooms[r][0].emit('msg', { room: `room-${r}`, seq, t0: performance.now() }));
    summary('baseline: bare socket.io relay', latencies, ROOMS * SECONDS * (ROOM_SIZE - 1));
    for (const s of rooms.flat()) s.disconnect();
    await stopChildren();
  }

  // TTS: HTTP POST -> transaction + pg_notify -> two sidecars -> clients.
  {
    const env = { DATABASE_URL: url, JWT_SECRET: secret, AUTH_SECRET: secret, NODE_ENV: 'production', COMMENT_RATE_LIMIT_PER_MINUTE: '1000', REALTIME_PORT: '0' };
    // Two of each, as the deployed layout runs them (deploy/): two HTTP processes, two sidecars.
    const [a, b, http1, http2] = await Promise.all([
      startChild('realtime-1', ['workers/realtime/index.ts'], env),
      startChild('realtime-2', ['workers/realtime/index.ts'], env),
      startChild('http-1', ['bench/realtime-http.ts'], env),
      startChild('http-2', ['bench/realtime-http.ts'], env),
    ]);
    const httpPorts = [http1, http2];
    const sidecar = [a, b];
    const rooms = await connectAll((_r, k) => `http://127.0.0.1:${sidecar[k % 2]}`, (r) => ({ token: tokens[r] }));
    const joins = await Promise.all(rooms.flatMap((sockets, r) => sockets.map((s) => s.timeout(10_000).emitWithAck('ticket:join', { ticket_number: ticketNumbers[r] }))));
    if (joins.some((j) => !j.ok)) throw new Error(`a join was refused: ${JSON.stringify(joins.find((j) => !j.ok))}`);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const posts: number[] = [];
    let failed = 0;
    rooms.forEach((sockets) =>
      sockets.slice(1).forEach((s) =>
        s.on('comment:created', ({ comment }: { comment: { body: string } }) => {
          const t0 = sentAt.get(comment.body);
          if (t0 !== undefined) latencies.push(performance.now() - t0);
        }),
      ),
    );
    const elapsed = await drive((r, seq) => {
      const body = `room ${r} comment ${seq}`;
      const t0 = performance.now();
      sentAt.set(body, t0);
      fetch(`http://127.0.0.1:${httpPorts[r % 2]}/api/v1/tickets/${ticketNumbers[r]}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[r]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body, client_id: `bench-${r}-${seq}` }),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.status === 201) posts.push(performance.now() - t0);
          else failed++;
        },
        () => failed++,
      );
    });
    const s = summary('TTS: HTTP POST -> 2 sidecars', latencies, ROOMS * SECONDS * (ROOM_SIZE - 1), `, ${failed} POSTs failed`);
    const p = [...posts].sort((x, y) => x - y);
    console.log(`  (the POST itself: p50 ${percentile(p, 50).toFixed(1)} ms, p95 ${percentile(p, 95).toFixed(1)} ms; ${posts.length} comments in ${elapsed.toFixed(1)} s)`);
    console.log(s.p95 < 100 ? `target p95 < 100 ms: met (${s.p95.toFixed(1)} ms)` : `target p95 < 100 ms: NOT met (${s.p95.toFixed(1)} ms)`);
    for (const sock of rooms.flat()) sock.disconnect();
    await stopChildren();
  }
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}).finally(stopChildren);
process.exit(0);
