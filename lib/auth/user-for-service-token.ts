import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { roleUsers, roles, users } from '../db/schema';
import { AppError } from '../errors';
import type { AuthServiceClient } from '../auth-service/auth-service-client';
import { findUserInfo } from '../auth-service/find-user-info';
import { isActiveTtsRole } from './roles';
import { verifyServiceToken } from './service-token';

export type ServiceSignIn = { ok: true; user: { id: number; fullName: string; email: string } } | { ok: false; reason: 'invalid_token' | 'not_tts_user' | 'deactivated' };

/** The email stored for someone whose email nobody could tell (the Auth Service away, or the email taken). */
const placeholderEmail = (userId: number) => `user-${userId}@auth-service.invalid`;

/**
 * Who an Auth Service session (its `access_token` cookie) signs in to the pages: the token is
 * verified as the API verifies it (HS256 pinned, JWT_SECRET, `exp`, access tokens only). A person
 * with a TTS user record signs in as it (unless deactivated). A person known only from role sync
 * (an active member of an active TTS role) gets a record now: the name role sync stored, the email
 * from the Auth Service's user info (a placeholder while it cannot tell, replaced on a later
 * sign-in). Anyone else (an HDTS employee, another system's user) is refused.
 */
export async function userForServiceToken(db: DbOrTx, token: string, authService: AuthServiceClient | null): Promise<ServiceSignIn> {
  let userId: number;
  try {
    ({ userId } = await verifyServiceToken(token));
  } catch (err) {
    if (err instanceof AppError && err.code === 'UNAUTHENTICATED') return { ok: false, reason: 'invalid_token' };
    throw err;
  }
  const [known] = await db.select().from(users).where(eq(users.id, userId));
  if (known && !known.isActive) return { ok: false, reason: 'deactivated' };

  const [member] = await db
    .select({ fullName: roleUsers.userFullName })
    .from(roleUsers)
    .innerJoin(roles, eq(roles.id, roleUsers.roleId))
    .where(and(eq(roleUsers.userId, userId), eq(roleUsers.isActive, true), isActiveTtsRole()))
    .orderBy(asc(roleUsers.id))
    .limit(1);
  if (known) {
    if (known.email === placeholderEmail(userId)) await fillInEmail(db, userId, authService);
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    return { ok: true, user: { id: user.id, fullName: user.fullName, email: user.email } };
  }
  if (!member) return { ok: false, reason: 'not_tts_user' };

  const info = await findUserInfo(db, userId, authService).catch(() => null);
  const fullName = member.fullName || info?.fullName || `User ${userId}`;
  const email = info?.source === 'auth-service' && info.email ? info.email.toLowerCase() : placeholderEmail(userId);
  // Another record may already have that email (a local account of the same person under an old
  // id): keep both, this one with the placeholder, rather than refuse the sign-in.
  const [created] = await db.insert(users).values({ id: userId, email, fullName, passwordHash: null }).onConflictDoNothing().returning();
  if (!created) await db.insert(users).values({ id: userId, email: placeholderEmail(userId), fullName, passwordHash: null }).onConflictDoNothing();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return { ok: true, user: { id: user.id, fullName: user.fullName, email: user.email } };
}

async function fillInEmail(db: DbOrTx, userId: number, authService: AuthServiceClient | null) {
  const info = await findUserInfo(db, userId, authService).catch(() => null);
  if (info?.source !== 'auth-service' || !info.email) return;
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, info.email.toLowerCase()));
  if (!taken) await db.update(users).set({ email: info.email.toLowerCase() }).where(eq(users.id, userId));
}
