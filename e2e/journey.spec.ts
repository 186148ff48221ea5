import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { hdtsToken, loginFor } from './fixtures';
import { expectNoSeriousA11yViolations } from './support/axe';
import { signIn } from './support/session';

/** The ticket as the API sees it (for who holds it now). */
async function ticketNow(request: APIRequestContext, number: string, token: string) {
  return (await request.get(`/api/v1/tickets/${number}`, { headers: { authorization: `Bearer ${token}` } })).json();
}

/** Signs in (if needed) as the current holder in `page`, opens the item from the inbox and takes `action` with `note`. */
async function act(page: Page, number: string, action: string, note: string) {
  await page.goto(`/tasks?q=${number}`);
  await page.getByTestId('task-row').filter({ hasText: number }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: new RegExp(number) })).toBeVisible();
  await page.getByLabel('Note', { exact: true }).fill(note);
  await page.getByRole('button', { name: action, exact: true }).click();
  await expect(page).toHaveURL(/\/tasks$/);
}

test('a ticket from HDTS to Resolved: live inbox, filters, the next agent, a live comment, reject loop, approve, complete', async ({ browser, request }) => {
  test.setTimeout(300_000);
  const token = await hdtsToken(501);
  // Triage of IT tickets is the Admin role's: sign the first admin in before the ticket exists.
  const stamp = Date.now();
  const subject = `VPN access for the new hire ${stamp}`;
  const ctxA = await browser.newContext();
  const a = await ctxA.newPage();

  const created = await request.post('/send/', {
    headers: { authorization: `Bearer ${token}` },
    data: { subject, description: 'Needs VPN by Monday', department: 'IT Department', category: 'IT Support', subcategory: 'Access Request', priority: 'High', employee: { id: 501, name: 'Jane Doe' } },
  });
  expect(created.status()).toBe(201);
  const { ticket_number } = await created.json();
  let body: any;
  await expect.poll(async () => (body = await ticketNow(request, ticket_number, token)).routing_status, { timeout: 45_000 }).toBe('routed');
  const triager = loginFor(body.task_items[0].user_id);
  await signIn(a, triager);
  // It is in the inbox, and search finds it.
  await a.goto(`/tasks?q=${encodeURIComponent(subject.slice(0, 20))}`);
  await expect(a.getByTestId('task-row').filter({ hasText: ticket_number })).toBeVisible();

  await act(a, ticket_number, 'Submit', 'Request complete, over to access management');
  body = await ticketNow(request, ticket_number, token);
  const resolverLogin = loginFor(body.task_items.at(-1).user_id);

  // The resolver, in a second browser, has it; a comment posted by the triager appears there live.
  const ctxB = await browser.newContext();
  const b = await ctxB.newPage();
  await signIn(b, resolverLogin);
  await expect(b.getByTestId('task-row').filter({ hasText: ticket_number })).toBeVisible();
  await b.goto(`/tickets/${ticket_number}`);
  await a.goto(`/tickets/${ticket_number}`);
  await a.getByLabel('Add a comment').fill('Manager approval is attached in HDTS.');
  await a.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(b.getByTestId('comment').filter({ hasText: 'Manager approval is attached' })).toBeVisible({ timeout: 20_000 });
  await expectNoSeriousA11yViolations(b, 'ticket page with comments');

  // Reject loops back to triage (to whoever round robin picks), then Submit, Approve, Complete.
  await act(b, ticket_number, 'Reject', 'Missing the cost centre');
  for (const [action, note] of [
    ['Submit', 'Cost centre added'],
    ['Approve', 'Access granted'],
    ['Complete', 'Requester confirmed'],
  ] as const) {
    body = await ticketNow(request, ticket_number, token);
    const holder = loginFor(body.task_items.at(-1).user_id);
    const page = holder.user_id === triager.user_id ? a : holder.user_id === resolverLogin.user_id ? b : null;
    const ctx = page ? null : await browser.newContext();
    const p = page ?? (await ctx!.newPage());
    if (!page) await signIn(p, holder);
    await act(p, ticket_number, action, note);
    await ctx?.close();
  }

  // The ticket page says Resolved and tells the whole story.
  await a.goto(`/tickets/${ticket_number}`);
  await expect(a.getByTestId('ticket-status')).toHaveText('Resolved');
  const history = a.getByTestId('history');
  for (const said of ['Request complete', 'Missing the cost centre', 'Cost centre added', 'Access granted', 'Requester confirmed']) await expect(history).toContainText(said);
  await expect(a.getByTestId('workflow-graph').locator('[data-step="Done"]')).toHaveAttribute('data-current', 'true');
  await expectNoSeriousA11yViolations(a, 'resolved ticket page');
  await ctxA.close();
  await ctxB.close();
});
