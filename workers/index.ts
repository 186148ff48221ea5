import { getEnv } from '@/lib/env';
import { startWorker } from './worker';

/**
 * The worker process: pg-boss jobs (ingestion, notifications, SLA, end logic) and the AMQP bridge.
 * Started by `npm start` next to the web app; stops cleanly on SIGTERM/SIGINT.
 */
async function main() {
  const env = getEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database)');
  const worker = await startWorker({ databaseUrl: env.DATABASE_URL });
  const stoppers: Array<() => Promise<void>> = [];
  console.log('[worker] started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing running jobs`);
    for (const stop of stoppers.reverse()) await stop().catch((e) => console.error(e));
    await worker.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('[worker] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
