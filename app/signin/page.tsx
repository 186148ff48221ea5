import { AuthError } from 'next-auth';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { signIn } from '@/auth';
import { Brand } from '@/components/app-shell/app-shell';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  async function signInAction(form: FormData) {
    'use server';
    try {
      await signIn('credentials', { email: form.get('email'), password: form.get('password'), redirectTo: '/tasks' });
    } catch (err) {
      // signIn redirects by throwing; only a refused sign-in is handled here.
      if (err instanceof AuthError) redirect('/signin?error=credentials');
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
            {error ? (
              <Alert tone="danger">Wrong email or password.</Alert>
            ) : null}
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
