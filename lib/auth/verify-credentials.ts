import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { users } from '../db/schema';
import { hashPassword, needsRehash, verifyPassword } from './password';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1000),
});

// Compared against when the email is unknown, so a wrong email costs the same scrypt time as a
// wrong password and sign-in timing does not tell which emails exist.
let dummyHash: Promise<string> | undefined;

/** The active local user with these credentials, or null. */
export async function verifyCredentials(db: DbOrTx, raw: unknown): Promise<{ id: number; fullName: string; email: string } | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const [user] = await db.select().from(users).where(eq(users.email, parsed.data.email));
  if (!user || !user.isActive || !user.passwordHash) {
    dummyHash ??= hashPassword('not a password of anyone');
    await verifyPassword(parsed.data.password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
  if (needsRehash(user.passwordHash)) {
    // Hashed at an older, lower cost: stored again at the current one while the password is at hand.
    await db.update(users).set({ passwordHash: await hashPassword(parsed.data.password) }).where(eq(users.id, user.id));
  }
  return { id: user.id, fullName: user.fullName, email: user.email };
}
