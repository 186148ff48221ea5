/**
 * Prints an Auth Service token (HS256, signed with JWT_SECRET, valid for 12 hours) for a user id,
 * to call the API by hand: `npm run -s token -- 101`.
 */
import path from 'node:path';
import { SignJWT } from 'jose';
import { loadLocalConfig } from './local-config';

loadLocalConfig(path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'));
const userId = Number(process.argv[2] ?? '101');
if (!Number.isSafeInteger(userId) || userId <= 0) {
  console.error('usage: npm run -s token -- <user id>');
  process.exit(2);
}
const token = await new SignJWT({ user_id: userId })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setIssuedAt()
  .setExpirationTime('12h')
  .sign(new TextEncoder().encode(process.env.JWT_SECRET));
console.log(token);
