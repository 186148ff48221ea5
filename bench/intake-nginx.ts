/**
 * Intake latency through nginx versus direct: `POST /send/` (an HDTS ticket, Bearer token) timed
 * end to end from a client on this machine, in three cases that take turns, round after round, in
 * one run on one database:
 *
 * - direct: straight to one web process (`npm run start:web`), the baseline;
 * - nginx, one upstream: deploy/nginx.conf in front of that same process (the proxy's own cost);
 * - nginx, two upstreams: the staging layout, round robin over two web processes.
 *
 * Sequential requests (one at a time: latency), then `concurrency` at a time (throughput and
 * latency under load). Each request is a new ticket (201). No worker runs: routing is not timed.
 *
 *   npx tsx bench/intake-nginx.ts [requests_per_case_per_round=200] [rounds=3] [concurrency=8]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { ensureBuild } from '../scripts/ensure-build';
import { prepareNginx } from '../scripts/nginx-conf';
import { ManagedProcess, SECRETS, createFaultDatabase, freePort, processEnv, waitFor, isHealthy } from './faults/harness';

const perRound = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 3);
const concurrency = Number(process.argv[4] ?? 8);
const nginxBin = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const logDir = path.join('test-results', 'bench-intake-nginx');

await ensureBuild({ ...process.env, NODE_ENV: 'production' }, (m) => console.log(m));
const database = await createFaultDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'nginx');
const webPorts = [await freePort(), await freePort()];
const env = processEnv({ databaseUrl: database.url });
const webs = webPorts.map(
  (port, i) =>
    new ManagedProcess(`web-${i + 1}`, ['--import', 'tsx', 'scripts/start-web.ts'], { ...env, PORT: String(port), APP_URL: `http://127.0.0.1:${port}` }, `http://127.0.0.1:${port}/api/health`, path.join(logDir, `web-${i + 1}.log`)),
);
const nginxes: Array<{ child: ChildProcess; prefix: string; port: number }> = [];
try {
  for (const w of webs) w.start();
  await Promise.all(webs.map((w) => w.waitHealthy()));
  for (const upstreams of [[webPorts[0]], webPorts]) {
    const port = await freePort();
    const prepared = await prepareNginx({ nginxBin, listen: port, webPorts: upstreams, realtimePorts: upstreams });
    const child = spawn(nginxBin, prepared.args, { stdio: 'ignore' });
    nginxes.push({ child, prefix: prepared.prefix, port });
    await waitFor(`nginx on :${port}`, () => isHealthy(`http://127.0.0.1:${port}/api/health`), 30_000);
  }
  const token = await new SignJWT({ user_id: 501 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('2h').sign(new TextEncoder().encode(SECRETS.JWT_SECRET));
  const cases = [
    { name: 'direct to one web process (baseline)', url: `http://127.0.0.1:${webPorts[0]}` },
    { name: 'nginx, one upstream (the same process)', url: `http://127.0.0.1:${nginxes[0].port}` },
    { name: 'nginx, two upstreams (staging layout)', url: `http://127.0.0.1:${nginxes[1].port}` },
  ];
  let seq = 0;
  const post = async (base: string) => {
    const i = seq++;
    const started = performance.now();
    const res = await fetch(`${base}/send/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: `Intake bench ${i}`,
        description: 'Timed through nginx and directly',
        department: 'IT Department',
        category: 'IT Support',
        sub_category: 'Software Installation',
        priority: 'Medium',
        employee: { id: 501, name: 'Jane Doe' },
      }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`POST /send/ answered ${res.status}`);
    return performance.now() - started;
  };
  // Warm-up: JIT, connection pools, nginx keepalive to the upstreams.
  for (const c of cases) for (let i = 0; i < 30; i++) await post(c.url);

  const sequential = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const loaded = new Map<string, { times: number[]; seconds: number }>(cases.map((c) => [c.name, { times: [], seconds: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) for (let i = 0; i < perRound; i++) sequential.get(c.name)!.push(await post(c.url));
    for (const c of cases) {
      const started = performance.now();
      let left = perRound;
      const times = loaded.get(c.name)!;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) times.times.push(await post(c.url));
        }),
      );
      times.seconds += (performance.now() - started) / 1000;
    }
  }
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
  const f = (n: number) => n.toFixed(2);
  const signed = (n: number) => `${n >= 0 ? '+' : '-'}${f(Math.abs(n))}`;
  const base = sequential.get(cases[0].name)!;
  console.log(`\n${rounds} rounds x ${perRound} requests per case; the cases take turns within each round\n`);
  console.log(`| case | one at a time: p50 / p95 / p99 | vs direct (p50) | ${concurrency} at a time: p50 / p95, throughput |`);
  console.log('|---|---|---|---|');
  for (const c of cases) {
    const s = sequential.get(c.name)!;
    const l = loaded.get(c.name)!;
    console.log(
      `| ${c.name} | ${f(pct(s, 0.5))} / ${f(pct(s, 0.95))} / ${f(pct(s, 0.99))} ms | ${signed(pct(s, 0.5) - pct(base, 0.5))} ms | ` +
        `${f(pct(l.times, 0.5))} / ${f(pct(l.times, 0.95))} ms, ${(l.times.length / l.seconds).toFixed(0)} req/s |`,
    );
  }
} finally {
  for (const n of nginxes) {
    n.child.kill('SIGQUIT');
    rmSync(n.prefix, { recursive: true, force: true });
  }
  await Promise.all(webs.map((w) => w.close()));
  await database.drop();
}
