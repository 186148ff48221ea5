import net from 'node:net';

/**
 * A TCP port nothing listens on now, for a server a test starts. Chosen below the range the OS
 * hands out for outgoing connections (32768-60999 on Linux), which `listen(0)` also draws from:
 * a port from there may be taken at any moment by another test's client socket.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const server = net.createServer();
    const isFree = await new Promise<boolean>((r) => {
      server.once('error', () => r(false));
      server.listen(candidate, '127.0.0.1', () => r(true));
    });
    if (isFree) {
      await new Promise((r) => server.close(r));
      return candidate;
    }
  }
  throw new Error('no free port found between 20000 and 32000');
}
