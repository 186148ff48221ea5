import NextAuth, { type DefaultSession } from 'next-auth';
import { cache } from 'react';
import Credentials from 'next-auth/providers/credentials';
import { getAuthServiceClient } from '@/lib/auth-service/auth-service-client';
import { getViewer } from '@/lib/auth/get-viewer';
import { userForServiceToken } from '@/lib/auth/user-for-service-token';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { getEnv } from '@/lib/env';
import { logger } from '@/lib/log';

const log = logger('auth');

declare module 'next-auth' {
  interface Session {
    /**
     * `isAdmin` / `isCoordinator`: the viewer's TTS roles as of this request (read again on every
     * use of the session), for proxy.ts to answer 404 on pages that are not theirs before any page
     * renders. Pages and domain functions check access themselves too.
     */
    user: { id: string; isAdmin?: boolean; isCoordinator?: boolean } & DefaultSession['user'];
  }
}

/**
 * UI sign-in: local users (the Auth Service's user ids) with scrypt-hashed passwords, or the Auth
 * Service's own session (its `access_token` cookie; handed over by the sign-in page, app/signin/page.tsx), sessions as encrypted
 * JWT cookies. API callers use Auth Service tokens instead (lib/http.ts).
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
      if ((error as { type?: string }).type !== 'CredentialsSignin') log.error({ err: error }, 'sign-in error');
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const user = await verifyCredentials(getDb(), raw);
        return user ? { id: String(user.id), name: user.fullName, email: user.email } : null;
      },
    }),
    // The Auth Service's own session: its `access_token` cookie, handed over by the sign-in page.
    Credentials({
      id: 'auth-service',
      name: 'Auth Service session',
      credentials: { token: {} },
      async authorize(raw) {
        const token = typeof raw?.token === 'string' ? raw.token : '';
        if (!token || token.length > 4096) return null;
        const result = await userForServiceToken(getDb(), token, getAuthServiceClient());
        return result.ok ? { id: String(result.user.id), name: result.user.fullName, email: result.user.email } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      // At sign-in and on every later use of the session: a user deactivated since signing in is
      // signed out now, not when the session would expire (returning null clears the session
      // cookie), and the role flags follow role sync without signing in again.
      const uid = Number(token.uid);
      if (!Number.isSafeInteger(uid)) return null;
      try {
        const viewer = await withDeadline(getViewer(getDb(), uid), 3_000);
        if (!viewer) return null;
        token.isAdmin = viewer.isAdmin;
        token.isCoordinator = viewer.isCoordinator;
      } catch (err) {
        // The database is away or not answering: keep the session (pages fail on their own, within
        // their deadline), rather than signing everyone out over a blip; the flags stay as they were.
        log.error({ err }, 'could not check the session user');
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid;
      session.user.isAdmin = token.isAdmin === true;
      session.user.isCoordinator = token.isCoordinator === true;
      return session;
    },
  },
}));

/**
 * The session of the request being rendered, read once per request: the layout and the page both
 * ask, and each read checks the user against the database (the jwt callback above).
 */
export const currentSession = cache(() => auth());
