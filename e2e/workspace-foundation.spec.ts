import { expect, test, type Page } from '@playwright/test';
import { loginFor } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './support/axe';
import { signIn } from './support/session';
import { postRoutedTicket } from './support/tickets';

/** axe and the sideways-scroll check at desktop and phone width, in the light and the dark theme. */
async function checkPage(page: Page, label: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.reload();
      // The page itself, not its loading skeleton (which must fit too, but is not what is checked here).
      await expect(page.locator('h1').first()).toBeVisible();
      await expect(page.locator('html')).toHaveClass(scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      await expectNoHorizontalScroll(page, `${label} at ${width} px`);
      await expectNoSeriousA11yViolations(page, `${label} at ${width} px, ${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('the workspace pages are accessible, fit a phone, and follow the theme', async ({ page, request }) => {
  const ticket = await postRoutedTicket(request, {
    department: 'Asset Department',
    category: 'Asset Check In',
    subcategory: undefined,
    asset_name: 'Dell Latitude 7440',
    serial_number: `SN-${'X'.repeat(60)}`,
    cost_items: [
      { name: 'Charger', amount: 40 },
      { name: 'Dock', amount: 120 },
    ],
  });
  const agent = loginFor(ticket.assignee);

  await page.goto('/signin');
  await checkPage(page, 'sign-in');
  await signIn(page, agent);
  await checkPage(page, 'My tasks');

  await page.getByTestId('task-row').filter({ hasText: ticket.ticket_number }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: new RegExp(ticket.ticket_number) })).toBeVisible();
  // The payload's list of objects is a table, not JSON.
  const costs = page.getByRole('table', { name: 'Cost items' });
  await expect(costs.getByRole('row')).toHaveCount(3);
  await expect(costs).toContainText('Charger');
  await expect(page.getByTestId('sla-countdown')).toHaveText(/^due in \d/);
  await checkPage(page, 'task page');

  // The theme chosen in the user menu wins over the system's and outlives a reload.
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitemradio', { name: /Dark/ }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitemradio', { name: /System/ }).click();
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await page.keyboard.press('Escape');

  // A page that does not exist, or an item this user may not see, says so in a sentence.
  await page.goto('/tasks/2147483000');
  await expect(page.getByText('There is nothing here')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'not found');
});

test('a double click on an action acts once and shows the result of the first', async ({ page, request }) => {
  const ticket = await postRoutedTicket(request);
  await signIn(page, loginFor(ticket.assignee));
  await page.getByTestId('task-row').filter({ hasText: ticket.ticket_number }).getByRole('link').click();
  await page.getByLabel('Note').fill('Checked, over to the resolver');
  await page.getByRole('button', { name: 'Submit' }).dblclick();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  await expect(page.getByTestId('action-error')).toHaveCount(0);
  const body = await (await request.get(`/api/v1/tickets/${ticket.ticket_number}`, { headers: { authorization: `Bearer ${ticket.token}` } })).json();
  expect(body.task_items.map((i: { status: string }) => i.status)).toEqual(['resolved', 'new']);
});

test('a refused action keeps the note and says why', async ({ page, request }) => {
  const ticket = await postRoutedTicket(request);
  await signIn(page, loginFor(ticket.assignee));
  await page.getByTestId('task-row').filter({ hasText: ticket.ticket_number }).getByRole('link').click();
  const long = 'x'.repeat(10_001);
  await page.getByLabel('Note').fill(long);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('action-error')).toContainText('at most 10,000 characters');
  await expect(page.getByLabel('Note')).toHaveValue(long);
  // The tab keeps the draft: a page loaded again (a reload, an error page's "Try again") gives it back.
  await page.reload();
  await expect(page.getByLabel('Note')).toHaveValue(long);
});
