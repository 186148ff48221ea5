/**
 * deploy/nginx.conf rendered for a run on this machine: a temporary prefix (pid, logs, temp
 * directories), the `{{NAME}}` placeholders filled in, and checked with `nginx -t`. Used by
 * `npm run staging` and bench/intake-nginx.ts; nginx then runs in the foreground with
 * `nginx -p <prefix> -c <prefix>/nginx.conf -g 'daemon off;'` (never the system service).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface PreparedNginx {
  prefix: string;
  /** The arguments that run it in the foreground. */
  args: string[];
}

/** `server host:port ...;` lines for the web upstream: a refused process is left out for 5 s. */
export const upstreamServers = (ports: number[]) => ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');

/**
 * `server` lines for the realtime upstream: never marked down (`max_fails=0`), a refused connect
 * goes on to the next sidecar at once. With failure marking, a sidecar that died a few seconds
 * after another one came back left nginx with both marked down ("no live upstreams") while every
 * client retried, and the clients stayed cut off until the marks expired one by one (the
 * sidecar-kill fault scenario). Connections there are long-lived, so a refused connect to a dead
 * one on the way costs nothing that matters.
 */
export const realtimeUpstreamServers = (ports: number[]) => ports.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n');

export async function prepareNginx(o: {
  nginxBin: string;
  listen: number;
  webPorts: number[];
  realtimePorts: number[];
  accessLog?: boolean;
}): Promise<PreparedNginx> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'tts-nginx-'));
  // Run as root, nginx's workers are `nobody`: they must get through the prefix to the temp folders
  // (nginx chowns those), or every body or response larger than its buffers is a 500.
  chmodSync(prefix, 0o755);
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(prefix, d));
  const conf = renderNginxConf(readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8'), {
    PREFIX: prefix,
    ACCESS_LOG: o.accessLog ? `${prefix}/access.log` : 'off',
    LISTEN: String(o.listen),
    WEB_SERVERS: upstreamServers(o.webPorts),
    REALTIME_SERVERS: realtimeUpstreamServers(o.realtimePorts),
  });
  const confPath = path.join(prefix, 'nginx.conf');
  writeFileSync(confPath, conf);
  const args = ['-p', prefix, '-c', confPath, '-g', 'daemon off;'];
  await promisify(execFile)(o.nginxBin, ['-t', '-q', ...args], { timeout: 30_000 }).catch((err: Error & { stderr?: string }) => {
    throw new Error(`nginx -t refused the rendered deploy/nginx.conf: ${err.stderr?.trim() || err.message}`);
  });
  return { prefix, args };
}

/** Replaces each {{NAME}} of the template; an unknown name is an error, not an empty string. */
export function renderNginxConf(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`deploy/nginx.conf: no value for {{${name}}}`);
    return values[name];
  });
}
