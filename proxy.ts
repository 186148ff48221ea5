import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { auth } from './auth';
import { gateRequest } from './lib/api-gate';
import { pageAudience, NOT_FOUND_PATH } from './lib/auth/page-audience';

/** Pages the Auth Service's session may sign in to on the way: not the API, assets, nor the hand-over itself. */
const SERVICE_SIGN_IN_SKIPS = /^\/(api|_next|signin|send)(\/|$)|\.[a-z0-9]+$/i;

/**
 * Runs before routing: the API's 405, 404 and bad-path answers in its JSON error shape
 * (lib/api-gate.ts). And a page load by someone who has the Auth Service's session cookie
 * (`access_token`) but no TTS session yet goes to the sign-in page, which signs them in with it and
 * brings them back (done here, before the page, so it is a real redirect and not one streamed
 * after the page's loading state).
 */
export async function proxy(req: NextRequest, ev: NextFetchEvent) {
  const gated = gateRequest(req.method, req.nextUrl.pathname);
  if (gated) return gated;
  const { pathname } = req.nextUrl;
  if (pageAudience(pathname)) return (await gateByRole)(req, ev);
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

/**
 * The admin console (admins) and the dashboards (admins and coordinators): anyone else signed in
 * gets the app's 404 with status 404, decided here from the session's role flags (auth.ts reads
 * them again on every use) because a page that calls notFound() after its loading state has
 * streamed answers 200. The path is rewritten to one no route serves, so Next renders
 * app/not-found.tsx as a real 404. Nobody signed in: the page sends them to sign in. The pages,
 * their actions and the domain functions still refuse on their own.
 */
const gateByRole = auth((req) => {
  const user = req.auth?.user;
  if (!user) return NextResponse.next();
  const audience = pageAudience(req.nextUrl.pathname);
  const isAllowed = audience === 'admin' ? user.isAdmin === true : audience === 'coordinator' ? user.isCoordinator === true : true;
  if (isAllowed) return NextResponse.next();
  return NextResponse.rewrite(new URL(NOT_FOUND_PATH, req.nextUrl), { status: 404 });
  // (With a lazily built config, as auth.ts's, next-auth hands the wrapped handler back in a promise.)
}) as unknown as Promise<(req: NextRequest, ev: NextFetchEvent) => Promise<Response>>;
