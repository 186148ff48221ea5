import { eq } from 'drizzle-orm';
import NextAuth, { type DefaultSession } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { verifyPassword } from '@/lib/auth/password';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';

declare module 'next-auth' {
  interface Session {
    user: { id: string } & DefaultSession['user'];
  }
}

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1) });

/**
 * UI sign-in: local users (the Auth Service's user ids) with scrypt-hashed passwords, sessions as
 * encrypted JWT cookies. API callers use Auth Service tokens instead (lib/http.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getEnv().AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/signin' },
  logger: {
    // A wrong password is an everyday event, not a server error worth a stack trace.
    error(error) {
      // (`type`, not `name`: class names are minified in the production build.)
      if ((error as { type?: string }).type !== 'CredentialsSignin') console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const [user] = await getDb().select().from(users).where(eq(users.email, parsed.data.email));
        if (!user || !user.isActive || !user.passwordHash) return null;
        if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
        return { id: String(user.id), name: user.fullName, email: user.email };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid;
      return session;
    },
  },
}));
