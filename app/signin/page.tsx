import { AuthError } from 'next-auth';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth, signIn } from '@/auth';
import { ServiceSignIn } from '@/components/auth/service-sign-in';
import { safeNext } from '@/lib/auth/safe-next';
import { Brand } from '@/components/app-shell/app-shell';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { formText } from '@/lib/form-text';

export const metadata: Metadata = { title: 'Sign in' };

const ERRORS: Record<string, string> = {
  credentials: 'Wrong email or password.',
  service: 'Your help-desk session could not sign you in to TTS: it has ended, or your account has no TTS role. Sign in with your TTS password, or ask an administrator for access.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; next?: string; signed_out?: string }> }) {
  const { error, next, signed_out } = await searchParams;
  if (await auth()) redirect(safeNext(next));
  // Signed in to the help desk already (the Auth Service's access_token cookie): no second password,
  // the page signs in with it at once. Not right after signing out of TTS or a refused hand-over,
  // so those stick.
  const hasServiceSession = (await cookies()).has('access_token');
  const autoServiceSignIn = hasServiceSession && !error && !signed_out;
  async function serviceSignInAction(form: FormData) {
    'use server';
    const token = (await cookies()).get('access_token')?.value;
    const target = safeNext(formText(form, 'next'));
    if (!token) redirect('/signin');
    try {
      await signIn('auth-service', { token, redirectTo: target });
    } catch (err) {
      if (err instanceof AuthError) redirect('/signin?error=service');
      throw err;
    }
  }
  async function signInAction(form: FormData) {
    'use server';
    try {
      await signIn('credentials', { email: form.get('email'), password: form.get('password'), redirectTo: safeNext(next) });
    } catch (err) {
      // signIn redirects by throwing; only a refused sign-in is handled here.
      if (err instanceof AuthError) redirect(`/signin?error=credentials${next ? `&next=${encodeURIComponent(safeNext(next))}` : ''}`);
      throw err;
    }
  }
  return (
    <div className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="grid w-full max-w-sm gap-6">
        <div className="flex justify-center">
          <Brand />
        </div>
        <Card>
          <CardContent className="grid gap-5 py-6 sm:px-6">
            <div className="grid gap-1">
              <h1 className="text-xl font-semibold">Sign in to TTS</h1>
              <p className="text-sm text-muted-foreground">Use your TTS account. Signed in to the help desk already? Open TTS from there.</p>
            </div>
            {error ? <Alert tone="danger">{ERRORS[error] ?? ERRORS.credentials}</Alert> : null}
            {signed_out ? <Alert tone="success">You are signed out of TTS.</Alert> : null}
            {hasServiceSession && !error ? <ServiceSignIn action={serviceSignInAction} next={safeNext(next)} auto={autoServiceSignIn} /> : null}
            <form action={signInAction} className="grid gap-4">
              <Field label="Email" htmlFor="email">
                <Input id="email" name="email" type="email" autoComplete="username" required />
              </Field>
              <Field label="Password" htmlFor="password">
                <Input id="password" name="password" type="password" autoComplete="current-password" required />
              </Field>
              <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
            </form>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
