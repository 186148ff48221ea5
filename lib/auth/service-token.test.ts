import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { INT4_MAX } from '../validation';
import { verifyServiceToken } from './service-token';

const secret = 'service-token-test-secret-0123456789';
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(secret));

describe('verifyServiceToken user ids', () => {
  it('takes an int4 user id, as a number or a decimal string', async () => {
    expect((await verifyServiceToken(await sign({ user_id: INT4_MAX }), secret)).userId).toBe(INT4_MAX);
    expect((await verifyServiceToken(await sign({ sub: '501' }), secret)).userId).toBe(501);
  });

  it('refuses ids storage cannot hold with 401 (not a driver error later)', async () => {
    for (const claims of [{ user_id: INT4_MAX + 1 }, { user_id: 2 ** 53 }, { sub: '99999999999' }, { user_id: 0 }, { user_id: 1.5 }, { user_id: '1\u0000' }]) {
      const err = await verifyServiceToken(await sign(claims), secret).catch((e: unknown) => e);
      expect(err, JSON.stringify(claims)).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('UNAUTHENTICATED');
    }
  });
});
