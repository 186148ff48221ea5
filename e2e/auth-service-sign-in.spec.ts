import { expect, test } from '@playwright/test';
import { hdtsToken, loginWithRole } from './fixtures';
import { expectNoSeriousA11yViolations } from './support/axe';
import { signOut } from './support/session';

test("the Auth Service's access_token cookie signs a person in without a second password", async ({ page, context, baseURL }) => {
  const agent = loginWithRole(4);
  const url = new URL(baseURL!);
  await context.addCookies([{ name: 'access_token', value: await hdtsToken(agent.user_id), domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  await page.getByTestId('user-menu').click();
  await expect(page.getByRole('menu')).toContainText(agent.email);
  await page.keyboard.press('Escape');

  // Signing out of TTS sticks: the page offers the help-desk session again instead of using it.
  await signOut(page);
  await expect(page).toHaveURL(/signed_out=1/);
  await expect(page.getByText('You are signed out of TTS.')).toBeVisible();
  expect((await context.cookies()).some((c) => c.name === 'access_token')).toBe(false);
  await expectNoSeriousA11yViolations(page, 'sign-in, signed out');

  // A cookie that is not a valid token (here: signed with another secret) is refused with a sentence.
  await context.addCookies([{ name: 'access_token', value: 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxMzEsImV4cCI6OTk5OTk5OTk5OX0.c2lnbmVkLXdpdGgtYW5vdGhlci1zZWNyZXQ', domain: url.hostname, path: '/' }]);
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/signin\?error=service/);
  await expect(page.getByText('could not sign you in')).toBeVisible();
});
