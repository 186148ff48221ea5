import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { signIn } from '@/auth';

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
    <div className="panel" style={{ maxWidth: 420, margin: '3rem auto' }}>
      <h1>Sign in to TTS</h1>
      {error ? (
        <p className="error" role="alert">
          Wrong email or password.
        </p>
      ) : null}
      <form action={signInAction} className="stack">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
