import path from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

/**
 * End-to-end: Debian's Chromium (browser downloads are not possible here, hence executablePath).
 *
 * - `E2E_BASE_URL=https://staging.example npm run test:e2e`: the journeys run against that host as
 *   it is (nothing is started). Give it the host's Auth Service secret in `E2E_JWT_SECRET` (the
 *   specs sign HDTS tokens with it) and, when the host has no demo data, its logins in
 *   `E2E_LOGINS` (JSON `[{"user_id": 131, "email": "...", "password": "..."}]`; see e2e/fixtures.ts).
 * - Otherwise (`npm test`, CI) it starts the staging layout itself (scripts/staging.ts: two web
 *   processes, two workers and the realtime sidecars behind nginx, on the same entry points a host
 *   runs) on E2E_PORT, on the fresh database scripts/test.ts makes (E2E_DATABASE_URL) and its own
 *   RabbitMQ vhost, so every journey also goes through nginx and more than one process.
 *   `E2E_LAYOUT=single` runs the one-process stack (`npm start`) instead. Either way a stand-in
 *   for the Resend API runs on E2E_PORT + 7 and the layout sends its emails there.
 */
const externalBaseUrl = process.env.E2E_BASE_URL?.replace(/\/+$/, '') || undefined;
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = externalBaseUrl ?? `http://127.0.0.1:${port}`;
const isSingleProcess = process.env.E2E_LAYOUT === 'single';
export const E2E_JWT_SECRET = process.env.E2E_JWT_SECRET || 'e2e-jwt-secret-0123456789abcdef';
/** True when the suite started the layout itself (so it may look inside it, e.g. its database). */
export const E2E_IS_LOCAL = !externalBaseUrl;
/** The local staging layout's state (URL, ports, each process's pid): fault journeys kill processes by it. */
export const E2E_STAGING_STATE_FILE = path.resolve('test-results', 'staging-state.json');

/**
 * The local layout's email provider: a stand-in for the Resend API (e2e/support/resend-stand-in-server.ts)
 * on the port after the layout's, so emails are really sent (and can be made to fail). Null against
 * an external host, whose provider the suite cannot control.
 */
export const E2E_RESEND_STAND_IN_URL = externalBaseUrl ? null : `http://127.0.0.1:${port + 7}`;

const localEnv = {
  PORT: String(port),
  APP_URL: baseURL,
  JWT_SECRET: E2E_JWT_SECRET,
  AUTH_SECRET: 'e2e-auth-secret-0123456789abcdef',
  DEMO_DATA: 'true',
  // Pages poll only while their realtime connection is down; this long, a change that shows within
  // seconds came through the sidecar (e2e/live-pages.spec.ts relies on it).
  LIVE_FALLBACK_POLL_MS: '600000',
  RESEND_API_KEY: 're_e2e_stand_in',
  RESEND_BASE_URL: E2E_RESEND_STAND_IN_URL ?? '',
};

type WebServer = NonNullable<Extract<PlaywrightTestConfig['webServer'], unknown[]>>[number];

const resendStandIn: WebServer = {
  command: 'node --import tsx e2e/support/resend-stand-in-server.ts',
  url: `${E2E_RESEND_STAND_IN_URL}/__stand-in/health`,
  timeout: 60_000,
  reuseExistingServer: false,
  stdout: 'ignore',
  stderr: 'pipe',
  env: { RESEND_STAND_IN_PORT: String(port + 7) },
};

const layoutServer: WebServer = isSingleProcess
  ? {
      command: 'node --import tsx scripts/start.ts',
      url: `${baseURL}/api/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
      env: { ...localEnv, DATABASE_URL: process.env.E2E_DATABASE_URL ?? '', AMQP_URL: '' },
    }
  : {
      // nginx starts last, once every process answers its health probe: its URL answering
      // means the whole layout is up.
      command: 'node --import tsx scripts/staging.ts',
      url: `${baseURL}/api/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 40_000 },
      env: {
        ...localEnv,
        STAGING_PORT: String(port),
        STAGING_STATE_FILE: E2E_STAGING_STATE_FILE,
        STAGING_DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
        STAGING_AMQP_URL: process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
      },
    };

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: externalBaseUrl ? undefined : [resendStandIn, layoutServer],
});
