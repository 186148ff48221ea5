import { SignJWT } from 'jose';
import { DEMO_PASSWORD, DEMO_USERS } from '../lib/demo/seed-demo';
import { E2E_JWT_SECRET } from '../playwright.config';

/**
 * Who the journeys sign in as. On the local layout (and any host with the demo data) these are the
 * demo users; against another host, `E2E_LOGINS` gives its accounts as JSON:
 * `[{"user_id": 131, "email": "agent@example.com", "password": "...", "role_id": 4}]` (`role_id` as
 * the Auth Service syncs it: 1 Admin, 3 Ticket Coordinator, 4 Asset Manager, 5 Budget Manager).
 */
export interface Login {
  user_id: number;
  email: string;
  password: string;
  role_id?: number;
}

export const LOGINS: Login[] = process.env.E2E_LOGINS
  ? (JSON.parse(process.env.E2E_LOGINS) as Login[])
  : DEMO_USERS.map((u) => ({ user_id: u.id, email: u.email, password: DEMO_PASSWORD, role_id: u.roleId }));

/** The login of a user the app assigned something to (by the user id its API returned). */
export function loginFor(userId: number | undefined): Login {
  const login = LOGINS.find((l) => l.user_id === userId);
  if (!login) throw new Error(`no login for user ${userId}: add it to E2E_LOGINS`);
  return login;
}

/** Any login with this role (e.g. 5 Budget Manager: someone with no part in an IT ticket). */
export function loginWithRole(roleId: number): Login {
  const login = LOGINS.find((l) => l.role_id === roleId);
  if (!login) throw new Error(`no login with role ${roleId}: add one to E2E_LOGINS`);
  return login;
}

/** An Auth Service token (HS256 with E2E_JWT_SECRET, the host's JWT_SECRET), as HDTS sends. */
export async function hdtsToken(userId: number): Promise<string> {
  return new SignJWT({ user_id: userId })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(E2E_JWT_SECRET));
}
