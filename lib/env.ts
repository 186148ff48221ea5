import { z } from 'zod';

/**
 * The only reader of process.env. Every setting is validated here, once, so a wrong value fails at
 * start-up with a message naming the variable instead of surfacing later as an odd runtime error.
 * Documented for operators in .env.example.
 */
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const bool = z.preprocess(
  (v) => (typeof v === 'string' ? ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()) : v),
  z.boolean(),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // 0: any free port (tests start sidecars side by side; the sidecar prints the port it took).
  REALTIME_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  // The URL browsers open socket.io connections to. Default: APP_URL's host on REALTIME_PORT (as
  // `npm start` runs it); behind nginx (deploy/nginx.conf routes /socket.io/ and /ws/) APP_URL.
  REALTIME_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  // How often an open page refetches while its realtime connection is down (it refreshes on the
  // sidecar's events while connected).
  LIVE_FALLBACK_POLL_MS: z.coerce.number().int().min(1000).default(20_000),
  // Browser origins besides APP_URL's that may open realtime connections (comma-separated URLs).
  REALTIME_ALLOWED_ORIGINS: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)).default([]),
  ),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(25432),
  EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
  AMQP_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^amqps?$/ }).optional()),
  AMQP_PREFETCH: z.coerce.number().int().min(1).max(1000).default(500),
  AMQP_RECONNECT_MAX_DELAY_MS: z.coerce.number().int().min(100).default(30_000),
  AMQP_CONFIRM_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  BROKER_HEALTH_TIMEOUT_MS: z.coerce.number().int().min(100).default(2000),
  ROLE_SYNC_PENDING_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
  JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters'),
  AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters'),
  // Default: http://localhost:<PORT> (filled in below, so a changed PORT changes it too).
  APP_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  AUTH_SERVICE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  AUTH_SERVICE_TIMEOUT_MS: z.coerce.number().int().min(50).default(3000),
  AUTH_SERVICE_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  AUTH_SERVICE_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).default(30_000),
  AUTH_SERVICE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  SLA_WARNING_SHARE: z.coerce.number().gt(0).lt(1).default(0.8),
  INAPP_NOTIFICATION_QUEUE_ENABLED: bool.default(false),
  // Email (see README, "Notifications"). No RESEND_API_KEY: emails go to the outbox instead.
  RESEND_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  RESEND_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  EMAIL_FROM: z.string().min(3).default('TTS <notifications@tts.local>'),
  NOTIFY_EMAIL_DELAY_SECONDS: z.coerce.number().int().min(0).default(120),
  NOTIFY_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(3),
  NOTIFY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(60),
  NOTIFY_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  NOTIFY_DIGEST_DEFAULT_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  NOTIFY_PRUNE_READ_AFTER_DAYS: z.coerce.number().int().min(1).default(30),
  // Load the demo roles, users (password demo1234) and workflows on start. Default: on for the
  // embedded database, off when DATABASE_URL is set. Never on in production: the demo users'
  // password is public.
  DEMO_DATA: bool.optional(),
  // Comments one user may post per minute (HTTP, socket and the seed's WebSocket path together).
  COMMENT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  // Production processes (npm run start:web|start:worker|start:realtime): how long a process given
  // SIGTERM waits for its running requests or jobs before it exits anyway.
  DRAIN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  // The worker process's CPU priority (nice, 0-19): 10 lets a web process on the same machine go first.
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(0),
  // The worker's health probe (GET /healthz on 127.0.0.1); unset: no probe server; 0: any free port.
  WORKER_HEALTH_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
});

export type Env = z.infer<typeof envSchema> & { APP_URL: string; REALTIME_URL: string };

let cached: Env | undefined;

/** Parses process.env once; throws an Error naming every bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const appUrl = parsed.data.APP_URL ?? `http://localhost:${parsed.data.PORT}`;
  const realtimeUrl = new URL(appUrl);
  realtimeUrl.port = String(parsed.data.REALTIME_PORT);
  cached = { ...parsed.data, APP_URL: appUrl, REALTIME_URL: parsed.data.REALTIME_URL ?? realtimeUrl.origin };
  return cached;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logLevelSchema = z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS).default('info'));

/**
 * LOG_LEVEL (fatal, error, warn, info, debug, trace or silent; default info), read on its own: the
 * logger must work before, and while, the rest of the configuration is found invalid.
 */
export function getLogLevel(): (typeof LOG_LEVELS)[number] {
  const parsed = logLevelSchema.safeParse(process.env.LOG_LEVEL);
  if (parsed.success) return parsed.data;
  process.emitWarning(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; using info`);
  return 'info';
}

/** Tests and the start script change process.env before first use; this forgets the parsed copy. */
export function resetEnvForTests(): void {
  cached = undefined;
}
