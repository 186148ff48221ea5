import { AuthError } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { signIn } from '@/auth';
import { safeNext } from '@/lib/auth/safe-next';

/**
 * GET /signin/service?next=/tasks: signs the person in with the Auth Service's session, the
 * `access_token` cookie it set (HS256, as the API accepts), without a second password. The sign-in
 * page sends people here when that cookie is present; a token that is not valid, or a person TTS
 * does not know, lands back on the sign-in page with a sentence saying so.
 */
export async function GET(req: NextRequest) {
  const token = (await cookies()).get('access_token')?.value;
  const next = safeNext(req.nextUrl.searchParams.get('next'));
  if (!token) redirect('/signin');
  try {
    await signIn('auth-service', { token, redirectTo: next });
  } catch (err) {
    if (err instanceof AuthError) redirect('/signin?error=service');
    throw err;
  }
  redirect(next);
}
