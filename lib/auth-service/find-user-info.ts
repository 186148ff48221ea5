import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { roleUsers, users } from '../db/schema';
import { AppError } from '../errors';
import type { AuthServiceClient } from './auth-service-client';

export interface UserInfo {
  id: number;
  fullName: string;
  email: string | null;
  /** The Auth Service's answer as it came, when it came from there. */
  raw: Record<string, unknown> | null;
  source: 'auth-service' | 'synced';
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * A user's name and email for display: from the Auth Service when it answers, else from what TTS
 * already holds (its users table, then the full name role sync stored), so pages and
 * notifications still name people during an Auth Service outage. Null when nobody knows the user.
 */
export async function findUserInfo(db: DbOrTx, userId: number, authService: AuthServiceClient | null): Promise<UserInfo | null> {
  if (authService) {
    try {
      const raw = await authService.getUserInfo(userId);
      if (raw) {
        const joined = [text(raw.first_name), text(raw.last_name)].filter(Boolean).join(' ');
        const fullName = text(raw.full_name) ?? text(raw.name) ?? (joined || null) ?? text(raw.email) ?? `User ${userId}`;
        return { id: userId, fullName, email: text(raw.email), raw, source: 'auth-service' };
      }
      return null;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'UNAVAILABLE')) throw err;
    }
  }
  const [user] = await db.select({ fullName: users.fullName, email: users.email }).from(users).where(eq(users.id, userId));
  if (user) return { id: userId, fullName: user.fullName, email: user.email, raw: null, source: 'synced' };
  const [member] = await db
    .select({ fullName: roleUsers.userFullName })
    .from(roleUsers)
    .where(eq(roleUsers.userId, userId))
    .orderBy(asc(roleUsers.id))
    .limit(1);
  return member ? { id: userId, fullName: member.fullName || `User ${userId}`, email: null, raw: null, source: 'synced' } : null;
}
