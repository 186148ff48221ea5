import { defineConfig } from '@playwright/test';

/**
 * End-to-end: Debian's Chromium against the built app, started by the same start script a
 * newcomer uses (web + worker), on a fresh database that scripts/test.ts creates and passes in
 * E2E_DATABASE_URL. Browser downloads are not possible here, hence executablePath.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
export const E2E_JWT_SECRET = 'e2e-jwt-secret-0123456789abcdef';

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
  webServer: {
    command: 'node --import tsx scripts/start.ts',
    url: `${baseURL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      PORT: String(port),
      APP_URL: baseURL,
      JWT_SECRET: E2E_JWT_SECRET,
      AUTH_SECRET: 'e2e-auth-secret-0123456789abcdef',
      AMQP_URL: '',
      DEMO_DATA: 'true',
    },
  },
});
