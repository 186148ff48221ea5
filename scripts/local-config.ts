import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Configuration for a local run: reads .env when present, and, for a local run on the embedded
 * database (no DATABASE_URL) with no secrets set, makes random ones once and keeps them in
 * .data/local-secrets.json, so `npm start` needs no setup and tokens and sessions survive
 * restarts. A deployment with its own DATABASE_URL must set JWT_SECRET and AUTH_SECRET itself:
 * lib/env.ts refuses to start without them.
 */
export function loadLocalConfig(root: string): { generated: string[] } {
  const envFile = path.join(root, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const generated: string[] = [];
  if (process.env.DATABASE_URL) return { generated };
  const secretsFile = path.join(root, '.data', 'local-secrets.json');
  const stored = (existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {}) as Record<string, string>;
  for (const name of ['JWT_SECRET', 'AUTH_SECRET']) {
    if (process.env[name]) continue;
    stored[name] ??= randomBytes(32).toString('hex');
    process.env[name] = stored[name];
    generated.push(name);
  }
  if (generated.length) {
    mkdirSync(path.dirname(secretsFile), { recursive: true });
    writeFileSync(secretsFile, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { generated };
}
