import { NextResponse, type NextRequest } from 'next/server';
import { gateRequest } from './lib/api-gate';

/** Pages the Auth Service's session may sign in to on the way: not the API, assets, nor the hand-over itself. */
const SERVICE_SIGN_IN_SKIPS = /^\/(api|_next|signin|send)(\/|$)|\.[a-z0-9]+$/i;

/**
 * Runs before routing: the API's 405, 404 and bad-path answers in its JSON error shape
 * (lib/api-gate.ts). And a page load by someone who has the Auth Service's session cookie
 * (`access_token`) but no TTS session yet goes to the sign-in page, which signs them in with it and
 * brings them back (done here, before the page, so it is a real redirect and not one streamed
 * after the page's loading state).
 */
export function proxy(req: NextRequest) {
  const gated = gateRequest(req.method, req.nextUrl.pathname);
  if (gated) return gated;
  const { pathname } = req.nextUrl;
  const isPageLoad = req.method === 'GET' && !req.headers.has('rsc') && (req.headers.get('sec-fetch-dest') ?? 'document') === 'document';
  if (
    isPageLoad &&
    !SERVICE_SIGN_IN_SKIPS.test(pathname) &&
    req.cookies.has('access_token') &&
    !req.cookies.has('authjs.session-token') &&
    !req.cookies.has('__Secure-authjs.session-token')
  ) {
    const target = req.nextUrl.clone();
    target.pathname = '/signin';
    target.search = '';
    target.searchParams.set('next', `${pathname}${req.nextUrl.search}`);
    return NextResponse.redirect(target);
  }
  return NextResponse.next();
}
