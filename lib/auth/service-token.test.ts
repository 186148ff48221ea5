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

describe('verifyServiceToken, once verified', () => {
  it('answers the same token the same way, and still refuses it with another secret', async () => {
    const token = await sign({ user_id: 601 });
    const first = await verifyServiceToken(token, secret);
    expect(await verifyServiceToken(token, secret)).toEqual(first);
    await expect(verifyServiceToken(token, 'another-secret-0123456789abcdef')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid token' });
  });

  it('refuses a token verified before once it has expired', async () => {
    const exp = Math.floor(Date.now() / 1000) + 1;
    const token = await new SignJWT({ user_id: 602 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
    expect((await verifyServiceToken(token, secret)).userId).toBe(602);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    await expect(verifyServiceToken(token, secret)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token expired' });
  });
});

