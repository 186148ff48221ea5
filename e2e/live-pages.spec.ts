import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_IS_LOCAL, E2E_STAGING_STATE_FILE } from '../playwright.config';
import { hdtsToken, loginFor } from './fixtures';
import { expectNoSeriousA11yViolations } from './support/axe';
import { signIn } from './support/session';
import { postRoutedTicket } from './support/tickets';

/**
 * Pages refresh themselves from the realtime sidecar's events, not by polling: the local layout
 * runs with LIVE_FALLBACK_POLL_MS at 10 minutes (playwright.config.ts), so a change made by
 * someone else that shows within a few seconds can only have come through the socket. Each page
 * carries a marker in `window` that a reload would lose.
 */
const LIVE_WITHIN = { timeout: 6_000 };

async function openLive(browser: Browser, userId: number, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, loginFor(userId));
  if (path !== '/tasks') await page.goto(path);
  await expectLive(page);
  return page;
}

async function expectLive(page: Page) {
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
}

async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
}

test('an assignment, a notification, a comment and an item moved on by others appear on open pages without a reload', async ({ browser, request }) => {
  // IT triage is the Admin role's: both admins watch their inbox, the new ticket goes to one of them.
  const admins = [101, 102];
  const inboxes = await Promise.all(admins.map((id) => openLive(browser, id, '/tasks')));
  const bells = await Promise.all(inboxes.map(async (p) => Number((await p.getByTestId('unread-count').textContent()) || 0)));
  const ticket = await postRoutedTicket(request, { subject: `Live page ${Date.now()}` });
  const i = admins.indexOf(ticket.assignee);
  expect(i, 'IT triage goes to one of the admins').toBeGreaterThanOrEqual(0);
  const inbox = inboxes[i];

  // The assignment reaches the inbox, its counts and the bell.
  await expect(inbox.getByTestId('task-row').filter({ hasText: ticket.ticket_number })).toBeVisible(LIVE_WITHIN);
  await expect(inbox.getByTestId('unread-count')).toHaveText(String(bells[i] + 1), LIVE_WITHIN);
  await expectNotReloaded(inbox);

  // The coordinator has the ticket page open; the holder works the item's page.
  const about = await (await request.get(`/api/v1/tickets/${ticket.ticket_number}`, { headers: { authorization: `Bearer ${ticket.token}` } })).json();
  const coordinator = await openLive(browser, about.task.owner_user_id, `/tickets/${ticket.ticket_number}`);
  await expect(coordinator.getByRole('table', { name: 'Task items' }).getByRole('row')).toHaveCount(2);
  await inbox.getByTestId('task-row').filter({ hasText: ticket.ticket_number }).getByRole('link').click();
  await expect(inbox.getByRole('heading', { name: new RegExp(ticket.ticket_number) })).toBeVisible();
  await expect(inbox.getByTestId('live-status')).toHaveAttribute('data-state', 'live');

  // A comment posted over the API (as HDTS does, for the requester) appears on both pages.
  const said = `From the requester ${Date.now()}`;
  const posted = await request.post(`/api/v1/tickets/${ticket.ticket_number}/comments`, { headers: { authorization: `Bearer ${ticket.token}` }, data: { body: said } });
  expect(posted.status()).toBe(201);
  for (const page of [inbox, coordinator]) await expect(page.getByTestId('comment').filter({ hasText: said })).toBeVisible(LIVE_WITHIN);
  await inbox.screenshot({ path: 'test-results/screens/task-page-live-1280.png' });

  // The holder moves the item on from another client (the API): the task page stops offering the
  // step's actions and the coordinator's journey gains the next step's item.
  const holderToken = await hdtsToken(ticket.assignee);
  const item = await (await request.get(`/api/v1/task-items/${about.task_items[0].id}`, { headers: { authorization: `Bearer ${holderToken}` } })).json();
  const submit = item.available_actions.find((a: { name: string }) => a.name === 'Submit');
  const acted = await request.post(`/api/v1/task-items/${item.item.id}/actions`, {
    headers: { authorization: `Bearer ${holderToken}` },
    data: { action: 'transition', transition_id: submit.transition_id, note: 'Done from the API' },
  });
  expect(acted.status()).toBe(200);
  await expect(inbox.getByRole('button', { name: 'Submit', exact: true })).toHaveCount(0, LIVE_WITHIN);
  await expect(inbox.getByTestId('history')).toContainText('Done from the API', LIVE_WITHIN);
  await expect(coordinator.getByRole('table', { name: 'Task items' }).getByRole('row')).toHaveCount(3, LIVE_WITHIN);
  await expectNotReloaded(coordinator);
  await expectNoSeriousA11yViolations(coordinator, 'ticket page, live');
  await inbox.setViewportSize({ width: 390, height: 844 });
  await inbox.screenshot({ path: 'test-results/screens/task-page-after-390.png', fullPage: true });
  for (const p of [...inboxes, coordinator]) await p.context().close();
});

test('the notifications page lists a new notification as it arrives', async ({ browser, request }) => {
  const page = await openLive(browser, 101, '/notifications');
  const before = await page.getByTestId('notification').count();
  // A comment on a ticket 101 works on notifies them (comment_added): make one, then comment.
  let ticket = await postRoutedTicket(request, { subject: `Notify me ${Date.now()}` });
  if (ticket.assignee !== 101) ticket = await postRoutedTicket(request, { subject: `Notify me ${Date.now()}` });
  expect(ticket.assignee, 'round robin alternates between the two admins').toBe(101);
  await expect(page.getByTestId('notification')).toHaveCount(before + 1, LIVE_WITHIN);
  const said = `Please look ${Date.now()}`;
  expect((await request.post(`/api/v1/tickets/${ticket.ticket_number}/comments`, { headers: { authorization: `Bearer ${ticket.token}` }, data: { body: said } })).status()).toBe(201);
  await expect(page.getByTestId('notification').filter({ hasText: ticket.ticket_number })).toHaveCount(2, LIVE_WITHIN);
  await expect(page.getByTestId('unread-summary')).not.toHaveText('Nothing unread.');
  await expectNotReloaded(page);
  await page.context().close();
});

test('when the sidecars go away the page says so, and once back it catches up on what was said meanwhile', async ({ browser, request }) => {
  test.skip(!E2E_IS_LOCAL || process.env.E2E_LAYOUT === 'single', 'kills the realtime sidecars of the local staging layout');
  const ticket = await postRoutedTicket(request, { subject: `Reconnect ${Date.now()}` });
  const page = await openLive(browser, ticket.assignee, `/tickets/${ticket.ticket_number}`);
  const { pids } = JSON.parse(readFileSync(E2E_STAGING_STATE_FILE, 'utf8')) as { pids: Record<string, number> };
  // Both at once (the staging supervisor starts them again a second later): no sidecar hears the comment.
  for (const name of ['realtime-1', 'realtime-2']) process.kill(pids[name], 'SIGKILL');
  await expect(page.getByTestId('live-status')).not.toHaveAttribute('data-state', 'live');
  const said = `While you were away ${Date.now()}`;
  expect((await request.post(`/api/v1/tickets/${ticket.ticket_number}/comments`, { headers: { authorization: `Bearer ${ticket.token}` }, data: { body: said } })).status()).toBe(201);
  expect(await page.getByTestId('live-status').getAttribute('data-state'), 'the comment was made while the page was disconnected').not.toBe('live');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
  await expect(page.getByTestId('comment').filter({ hasText: said })).toBeVisible(LIVE_WITHIN);
  await expectNotReloaded(page);
  await page.context().close();
});
