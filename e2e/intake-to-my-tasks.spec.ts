import { expect, test } from '@playwright/test';
import { hdtsToken, loginFor, loginWithRole } from './fixtures';
import { signOut } from './support/session';

test('a ticket HDTS posts reaches the My tasks page of the agent it was assigned to', async ({ page, request }) => {
  const token = await hdtsToken(501);
  const subject = `Software install ${Date.now()}`;
  const created = await request.post('/send/', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      subject,
      description: 'Please install the design suite',
      department: 'IT Department',
      category: 'IT Support',
      subcategory: 'Software Installation',
      priority: 'High',
      employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
      source_service: 'hdts',
    },
  });
  expect(created.status()).toBe(201);
  const { ticket_number } = await created.json();

  // The worker routes it in the background; poll the API until an agent holds it. The worker
  // process may still be starting (the web app answers first), hence the longer wait.
  let assignee: number | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/v1/tickets/${ticket_number}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.json();
        assignee = body.task_items?.[0]?.user_id;
        return body.routing_status;
      },
      { timeout: 45_000 },
    )
    .toBe('routed');
  const agent = loginFor(assignee);

  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();

  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  const row = page.getByTestId('task-row').filter({ hasText: ticket_number });
  await expect(row).toBeVisible();
  await expect(row).toContainText(subject);
  await expect(row).toContainText('Triage');
  const ticketNow = async () => (await request.get(`/api/v1/tickets/${ticket_number}`, { headers: { authorization: `Bearer ${token}` } })).json();
  // The list, with its link to the item on screen (and prefetched), opened nothing: reading never changes state.
  expect(await ticketNow()).toMatchObject({ status: 'Open', task_items: [{ status: 'new' }] });

  // Open it: the page starts work (an explicit POST of the `open` action), then try to move it
  // on without a note, then with one.
  await row.getByRole('link', { name: ticket_number }).click();
  await expect(page.getByRole('heading', { name: new RegExp(ticket_number) })).toBeVisible();
  await expect.poll(async () => (await ticketNow()).task_items[0].status, { timeout: 10_000 }).toBe('in_progress');
  expect((await ticketNow()).status).toBe('In Progress');
  await expect(page.getByText('Check the request is complete')).toBeVisible();
  const details = page.getByLabel('Ticket details');
  await expect(details).toContainText('Jane Doe <jane.doe@company.com>');
  await expect(details).toContainText('IT Support / Software Installation');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('action-error')).toContainText('note');
  await page.getByLabel(/^Note/).fill('Licence available, over to the resolver');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByTestId('task-row').filter({ hasText: ticket_number })).toHaveCount(0);
  const after = await (await request.get(`/api/v1/tickets/${ticket_number}`, { headers: { authorization: `Bearer ${token}` } })).json();
  expect(after.status).toBe('In Progress');
  expect(after.task.current_step.name).toBe('Resolve');
  expect(after.task_items.map((i: { status: string }) => i.status)).toEqual(['resolved', 'new']);

  // Another agent does not see it.
  await signOut(page);
  const other = loginWithRole(5); // Budget: no part in an IT ticket
  await page.getByLabel('Email').fill(other.email);
  await page.getByLabel('Password').fill(other.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  await expect(page.getByTestId('task-row').filter({ hasText: ticket_number })).toHaveCount(0);
});
