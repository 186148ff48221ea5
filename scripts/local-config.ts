import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Configuration for a local run: reads .env when present, and on a machine with no secrets set
 * makes random ones once and keeps them in .data/local-secrets.json, so `npm start` needs no setup
 * and tokens and sessions survive restarts. Production sets its own (see .env.example).
 */
export function loadLocalConfig(root: string): { generated: string[] } {
  const envFile = path.join(root, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const generated: string[] = [];
  const secretsFile = path.join(root, '.data', 'local-secrets.json');
  const stored: Record<string, string> = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
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
