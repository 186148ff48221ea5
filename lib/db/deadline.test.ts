import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './client';
import { DeadlineExceededError, withDeadline } from './deadline';
import { users } from './schema';

// A "database" that accepts connections and never says a word: what a hung server or a network
// black hole looks like to postgres.js.
let silent: net.Server;
let port: number;
const sockets: net.Socket[] = [];
beforeAll(async () => {
  silent = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  port = (silent.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

describe('withDeadline', () => {
  it('gives up on a database that does not answer', async () => {
    const db = createDb(`postgres://postgres@127.0.0.1:${port}/none`, { max: 1 });
    const started = Date.now();
    await expect(withDeadline(db.select().from(users), 800)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(2_000);
    void db.$close().catch(() => {});
  });
  it('passes the answer through when it comes in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 800)).resolves.toBe(42);
    await expect(withDeadline(Promise.reject(new Error('refused')), 800)).rejects.toThrow('refused');
  });
});
