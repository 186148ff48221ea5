/** The admin console's sections, in the order the sub-navigation and the overview show them. */
export const ADMIN_SECTIONS = [
  { href: '/admin/workflows', label: 'Workflows', description: 'Define, publish and pause workflows; see which version running tasks are on.' },
  { href: '/admin/roles', label: 'Roles', description: 'Roles and members as synced from the Auth Service, round-robin turns, open work; pause a member.' },
  { href: '/admin/unrouted', label: 'Unrouted', description: 'Tickets no workflow took, and why; route them by hand.' },
  { href: '/admin/integration', label: 'Integration', description: 'Dead-lettered messages, the outbound queue, broker and Auth Service health.' },
  { href: '/admin/notifications', label: 'Notifications', description: 'Failed email notifications to retry, and the local email outbox.' },
  { href: '/admin/audit', label: 'Audit', description: 'Who did what, filtered by actor, entity and time; CSV export.' },
] as const;
