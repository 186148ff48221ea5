import { errors, jwtVerify } from 'jose';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { INT4_MAX } from '../validation';
import { displayText } from '../display-text';

/** 9999-12-31T23:59:59Z: the latest `exp` a token may carry. */
const MAX_EXP_SECONDS = 253_402_300_799;

export interface TokenIdentity {
  userId: number;
  claims: Record<string, unknown>;
}

/**
 * Verifies an Auth Service token: HS256 only (the algorithm is pinned, so `alg: none` or an RS/ES
 * token signed with the secret as a public key is refused), signed with JWT_SECRET, `exp` required.
 * The user is the `user_id` claim, or `sub`; it must be the numeric Auth Service user id.
 */
export async function verifyServiceToken(token: string, secret = getEnv().JWT_SECRET): Promise<TokenIdentity> {
  const key = `${secret.length}:${secret}:${token}`;
  const known = verified.get(key);
  if (known) {
    // Still valid by the rule jose applied (expired once exp <= now); an expired one is verified
    // again below, which refuses it.
    if ((known.claims.exp as number) > Math.floor(Date.now() / 1000)) return known;
    verified.delete(key);
  }
  const identity = await verifyUncached(token, secret);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(key, identity);
  return identity;
}

/**
 * Tokens verified before, with what they said, until they expire. A caller (HDTS, a service, a
 * browser's `access_token`) sends the same token with every request until it is renewed, and an
 * HMAC check through WebCrypto costs more CPU than the rest of a ticket's intake; the exact same
 * string, signed with the same secret, says the same thing, so it is checked once. Only tokens
 * that passed are kept, the oldest dropped past VERIFIED_MAX.
 */
const verified = new Map<string, TokenIdentity>();
const VERIFIED_MAX = 1000;

async function verifyUncached(token: string, secret: string): Promise<TokenIdentity> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    const reason =
      err instanceof errors.JWTExpired
        ? 'Token expired'
        : err instanceof errors.JWTClaimValidationFailed
          ? `Token claim invalid: ${err.claim}`
          : 'Invalid token';
    throw new AppError('UNAUTHENTICATED', reason);
  }
  // An expiry past what a date can hold (1e308: a token that never ends) is refused: the caller's
  // live connections are timed to end at `exp`, and a timer that long fires at once.
  if (typeof payload.exp !== 'number' || !Number.isSafeInteger(payload.exp) || payload.exp > MAX_EXP_SECONDS) {
    throw new AppError('UNAUTHENTICATED', 'Token claim invalid: exp');
  }
  // The Auth Service (SimpleJWT) signs refresh tokens with the same secret; only access tokens
  // may call the API.
  if (payload.token_type !== undefined && payload.token_type !== 'access') {
    throw new AppError('UNAUTHENTICATED', `Token type "${displayText(payload.token_type)}" cannot be used here`);
  }
  const raw = payload.user_id ?? payload.sub;
  const userId = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  // Users are int4 ids in storage: a larger number cannot name one (401, not a driver error).
  if (!Number.isSafeInteger(userId) || userId <= 0 || userId > INT4_MAX) {
    throw new AppError('UNAUTHENTICATED', 'Token has no numeric user_id or sub');
  }
  return { userId, claims: payload };
}
