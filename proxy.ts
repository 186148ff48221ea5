import { NextResponse, type NextRequest } from 'next/server';
import { gateRequest } from './lib/api-gate';

/** Pages the Auth Service's session may sign in to on the way: not the API, assets, nor the hand-over itself. */
const SERVICE_SIGN_IN_SKIPS = /^\/(api|_next|signin\/service|send)(\/|$)|\.[a-z0-9]+$/i;

/**
 * Runs before routing: the API's 405, 404 and bad-path answers in its JSON error shape
 * (lib/api-gate.ts). And for a page load by someone who has the Auth Service's session cookie
 * (`access_token`) but no TTS session yet: a redirect to /signin/service, which signs them in and
 * comes back (done here, before the page: a page's own redirect arrives after its loading state
 * streamed, as a client-side one that cannot enter a route handler). Not on the sign-in page
 * right after signing out or a refused hand-over, so those stick.
 */
export function proxy(req: NextRequest) {
  const gated = gateRequest(req.method, req.nextUrl.pathname);
  if (gated) return gated;
  const { pathname, searchParams } = req.nextUrl;
  const isPageLoad = req.method === 'GET' && !req.headers.has('rsc') && (req.headers.get('sec-fetch-dest') ?? 'document') === 'document';
  if (
    isPageLoad &&
    !SERVICE_SIGN_IN_SKIPS.test(pathname) &&
    req.cookies.has('access_token') &&
    !req.cookies.has('authjs.session-token') &&
    !req.cookies.has('__Secure-authjs.session-token') &&
    !(pathname === '/signin' && (searchParams.has('error') || searchParams.has('signed_out')))
  ) {
    const target = req.nextUrl.clone();
    target.pathname = '/signin/service';
    target.search = '';
    target.searchParams.set('next', pathname === '/signin' ? (searchParams.get('next') ?? '/tasks') : `${pathname}${req.nextUrl.search}`);
    return NextResponse.redirect(target);
  }
  return NextResponse.next();
}
