import { SignJWT } from 'jose';
import { inject } from 'vitest';
import type { Db } from '../db/client';
import { seedDemo } from '../demo/seed-demo';

/** An Auth Service token for tests: HS256 with the test JWT_SECRET, one hour to live. */
export async function serviceToken(userId: number, options: { secret?: string; expiresIn?: string } = {}): Promise<string> {
  const secret = options.secret ?? process.env.JWT_SECRET!;
  return new SignJWT({ user_id: userId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(secret));
}

/** The demo roles, users and workflows: the fixture most integration tests start from. */
export async function seedDemoData(db: Db): Promise<void> {
  await seedDemo(db, { passwordHash: inject('demoPasswordHash') });
}

export function ticketPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: 'Laptop return',
    description: 'Returning the laptop after the project',
    department: 'Asset Department',
    category: 'Asset Check In',
    priority: 'High',
    employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
    source_service: 'hdts',
    asset_name: 'Dell Latitude 7440',
    serial_number: 'SN-12345',
    ...overrides,
  };
}
