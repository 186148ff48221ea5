/**
 * `npm run jobs:create-queues`: creates (or updates the options of) every pg-boss queue of the job
 * registry on DATABASE_URL. Run after `npm run db:migrate`, before the processes start: the web
 * app queues jobs as it takes requests. `npm start` does this by itself.
 */
import path from 'node:path';
import { loadLocalConfig } from './local-config';

loadLocalConfig(path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'));
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (npm start creates the queues of the embedded database by itself)');
  process.exit(2);
}
const { createQueues } = await import('../lib/jobs/create-queues');
await createQueues(url);
console.log('job queues ready');
