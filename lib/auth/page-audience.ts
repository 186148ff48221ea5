/**
 * Which pages are only for some people: the admin console for admins, the dashboards for admins
 * and coordinators (proxy.ts answers everyone else with a 404). Null: a page anyone signed in may
 * open (what it shows is still filtered by who they are).
 */
export function pageAudience(pathname: string): 'admin' | 'coordinator' | null {
  if (/^\/admin(\/|$)/.test(pathname)) return 'admin';
  if (/^\/dashboard(\/|$)/.test(pathname)) return 'coordinator';
  return null;
}

/** A path no route serves: rewriting to it makes Next render app/not-found.tsx with status 404. */
export const NOT_FOUND_PATH = '/_not-found-for-viewer';
