import { expect, type Page } from '@playwright/test';
import type { Login } from '../fixtures';

/** Signs in on the sign-in page with a local account and waits for My tasks. */
export async function signIn(page: Page, login: Pick<Login, 'email' | 'password'>): Promise<void> {
  if (!/\/signin/.test(page.url())) await page.goto('/signin');
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
}

/** Signs out through the user menu in the header. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
}
