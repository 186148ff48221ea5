import { expect, test } from '@playwright/test';
import { loginFor } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './support/axe';
import { signIn } from './support/session';
import { postRoutedTicket } from './support/tickets';

test('the inbox: filters and search find a ticket, the URL keeps them, the keyboard works it', async ({ page, request }) => {
  const stamp = Date.now();
  const critical = await postRoutedTicket(request, { subject: `Payroll export broken ${stamp}`, priority: 'Critical', employee: { id: 777, name: `Quentin Requester${stamp}` } });
  const agent = loginFor(critical.assignee);
  await signIn(page, agent);

  const row = page.getByTestId('task-row').filter({ hasText: critical.ticket_number });
  await expect(row).toBeVisible();
  await expect(page.getByTestId('view-count-open')).not.toHaveText('0');

  // Search by requester: `/` jumps to the search box; the result count is announced.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search', { exact: true })).toBeFocused();
  await page.keyboard.type(`requester${stamp}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=requester${stamp}`, 'i'));
  await expect(page.getByTestId('inbox-summary')).toHaveText('Showing 1–1 of 1 task matching the filters.');
  await expect(page.getByTestId('task-row')).toHaveCount(1);

  // The URL is the state: a bookmark of several values per filter opens as it was saved...
  await page.goto(`/tasks?q=${encodeURIComponent(critical.ticket_number)}&priority=Critical,High&status=new&status=in_progress&sla=on_track,at_risk&sort=priority`);
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  const priority = page.getByRole('group', { name: 'Priority' });
  await expect(page.getByTestId('filter-priority').locator('summary')).toHaveText('Priority: Critical, High');
  await expect(page.getByTestId('filter-status').locator('summary')).toHaveText('Status: New, In progress');
  await expect(page.getByTestId('filter-sla').locator('summary')).toHaveText('SLA: On track, At risk');
  // ...and changing a filter (by keyboard: Space opens, Tab and Space pick, Escape applies) narrows it.
  await page.getByTestId('filter-priority').locator('summary').focus();
  await page.keyboard.press('Space');
  await expect(priority.getByRole('checkbox', { name: 'Critical' })).toBeChecked();
  await expect(priority.getByRole('checkbox', { name: 'High' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(priority.getByRole('checkbox', { name: 'Critical' })).toBeFocused();
  await page.keyboard.press('Space');
  await priority.getByRole('checkbox', { name: 'Low' }).check();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/priority=High(%2C|,)Low/);
  await expect(page).toHaveURL(/status=new(%2C|,)in_progress/);
  await expect(page.getByText('Nothing matches')).toBeVisible();
  await expect(page.getByTestId('filter-priority').locator('summary')).toHaveText('Priority: High, Low');
  await expectNoSeriousA11yViolations(page, 'inbox, nothing matches');
  // The Critical one back: it matches again, and the summary says so.
  await page.getByTestId('filter-priority').locator('summary').click();
  await priority.getByRole('checkbox', { name: 'Critical' }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/priority=Critical(%2C|,)High(%2C|,)Low/);
  await expect(page.getByTestId('inbox-summary')).toHaveText('Showing 1–1 of 1 task matching the filters.');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: 'test-results/screens/inbox-filters-1280.png', fullPage: true });

  // Keyboard only: j moves to a task, Enter opens it.
  await page.goto(`/tasks?q=${encodeURIComponent(critical.ticket_number)}`);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('j');
  await expect(page.getByRole('link', { name: critical.ticket_number })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  await expect(page.getByRole('heading', { name: new RegExp(critical.ticket_number) })).toBeVisible();

  // The workflow graph marks the current step.
  await expect(page.getByTestId('workflow-graph').locator('[data-current]')).toHaveAttribute('data-step', 'Triage');

  // Put on hold: the page then offers Resume, not a transition.
  await page.getByRole('button', { name: 'Put on hold' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit' })).toHaveCount(0);
  await expect(page.getByTestId('sla-state').first()).toHaveText('On hold');
  await page.goto('/tasks?view=on_hold');
  await expect(page.getByTestId('task-row').filter({ hasText: critical.ticket_number })).toBeVisible();
  await page.getByTestId('task-row').filter({ hasText: critical.ticket_number }).getByRole('link').click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('button', { name: 'Submit' })).toBeVisible();

  // At phone width the list is cards and nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/tasks');
  await expectNoHorizontalScroll(page, 'inbox at 390 px');
  await page.screenshot({ path: 'test-results/screens/inbox-390.png', fullPage: true });
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByTestId('filter-status').locator('summary').click();
  await expectNoHorizontalScroll(page, 'inbox filters open at 390 px');
  await page.screenshot({ path: 'test-results/screens/inbox-filters-390.png', fullPage: true });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Filters', exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'inbox at 390 px');
});

test('a new assignment appears in the open inbox without a reload, and the bell counts it', async ({ browser, request }) => {
  // Both admins watch their inbox (IT triage is the Admin role's); the ticket goes to one of them.
  const admins = [loginFor(101), loginFor(102)];
  const pages = [];
  for (const login of admins) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, login);
    pages.push(page);
  }
  const bells = await Promise.all(pages.map(async (p) => Number((await p.getByTestId('unread-count').textContent()) || 0)));
  const ticket = await postRoutedTicket(request, { subject: `Live arrival ${Date.now()}` });
  const i = admins.findIndex((l) => l.user_id === ticket.assignee);
  expect(i, 'IT triage goes to one of the admins').toBeGreaterThanOrEqual(0);
  await expect(pages[i].getByTestId('task-row').filter({ hasText: ticket.ticket_number })).toBeVisible({ timeout: 40_000 });
  await expect(pages[i].getByTestId('unread-count')).toHaveText(String(bells[i] + 1), { timeout: 20_000 });
  for (const p of pages) await p.context().close();
});

test('tickets, the ticket page and notifications', async ({ page, request }) => {
  const ticket = await postRoutedTicket(request);
  await signIn(page, loginFor(ticket.assignee));
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/tickets?q=${ticket.ticket_number}&priority=High,Critical&sla=on_track,at_risk&status=Open,In%20Progress,New`);
    await expect(page.getByTestId('ticket-row')).toHaveCount(1);
    await expect(page.getByTestId('filter-priority').locator('summary')).toHaveText('Priority: Critical, High');
    await page.screenshot({ path: `test-results/screens/tickets-${width}.png`, fullPage: true });
    await expectNoHorizontalScroll(page, `tickets at ${width} px`);
    await expectNoSeriousA11yViolations(page, `tickets at ${width} px`);
    await page.getByTestId('ticket-row').getByRole('link').click();
    await expect(page.getByTestId('ticket-status')).toBeVisible();
    await expect(page.getByTestId('history')).toContainText('assigned to');
    // A phone gets the journey as a list, a desktop as a table.
    await expect(page.getByRole(width === 390 ? 'list' : 'table', { name: 'Task items' })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/ticket-page-${width}.png`, fullPage: true });
    await expectNoHorizontalScroll(page, `ticket page at ${width} px`);
    await expectNoSeriousA11yViolations(page, `ticket page at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The bell counts the assignment; reading it lowers the count.
  await page.goto('/notifications');
  const bell = page.getByTestId('notification-bell');
  const before = Number(await page.getByTestId('unread-count').textContent());
  expect(before).toBeGreaterThan(0);
  await expectNoSeriousA11yViolations(page, 'notifications');
  const mine = page.getByTestId('notification').filter({ hasText: ticket.ticket_number }).first();
  await mine.getByRole('button', { name: /^Mark read/ }).click();
  await expect(bell).toHaveAccessibleName(before - 1 === 0 ? 'Notifications, none unread' : `Notifications, ${before - 1} unread`);
  await page.goto('/settings/notifications');
  await page.getByLabel('Email: A task is escalated to me').selectOption('digest');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Your preferences are saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Email: A task is escalated to me')).toHaveValue('digest');
  await expectNoSeriousA11yViolations(page, 'notification settings');
});
