import type { JobModule } from '../job-module';
import { emailDeliverJob } from './email-deliver';
import { notificationHousekeepingJob } from './notification-housekeeping';
import { roleReconcileJob } from './role-reconcile';
import { slaScanJob } from './sla-scan';
import { ticketRouteJob } from './ticket-route';

/** Every job the worker process runs. Add a module here when you add a queue to lib/jobs/queues.ts. */
export const jobModules: JobModule[] = [
  ticketRouteJob,
  slaScanJob,
  roleReconcileJob,
  emailDeliverJob,
  notificationHousekeepingJob,
];
