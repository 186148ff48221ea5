import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**'],
    globalSetup: ['./lib/testing/global-setup.ts'],
    setupFiles: ['./lib/testing/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two files at a time keeps Postgres and RabbitMQ tests from starving each other.
    maxWorkers: 2,
    pool: 'forks',
  },
});
