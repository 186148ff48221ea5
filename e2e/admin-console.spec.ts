import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { INBOUND_TASKS, QUEUES } from '../lib/amqp/topology';
import { celeryProducerMessage } from '../lib/testing/celery-messages';
import { E2E_IS_LOCAL, E2E_RESEND_STAND_IN_URL, E2E_STAGING_STATE_FILE } from '../playwright.config';
import { hdtsToken, loginFor, loginWithRole, type Login } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './support/axe';
import { signIn } from './support/session';

/**
 * The admin console (issue 10) as admins and everyone else meet it, in the built app behind nginx
 * with its workers: routing an unrouted ticket by hand, replaying a dead-lettered broker message
 * once, retrying a failed email notification, and the 404 that everyone but admins gets.
 */

// Times show in the viewer's zone: a browser away from the servers' UTC.
test.use({ timezoneId: 'America/New_York' });

const ADMIN = 101;
const ADMIN_PAGES = ['/admin', '/admin/roles', '/admin/unrouted', '/admin/integration', '/admin/notifications', '/admin/audit'];
const SCREENS = 'test-results/admin-screens';

const bearer = async (userId: number) => ({ authorization: `Bearer ${await hdtsToken(userId)}` });

/** axe and the sideways-scroll check at desktop and phone width, with a screenshot of each. */
async function checkPage(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await expect(page.locator('h1').first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
    await expectNoHorizontalScroll(page, `${name} at ${width} px`);
    await expectNoSeriousA11yViolations(page, `${name} at ${width} px`);
    await page.screenshot({ path: `${SCREENS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A ticket as HDTS posts it that no workflow takes (no workflow claims its department and category). */
async function postUnroutableTicket(request: APIRequestContext): Promise<string> {
  const headers = await bearer(501);
  const created = await request.post('/send/', {
    headers,
    data: {
      subject: `Broken office chair ${Date.now()}`,
      description: 'The gas lift is gone',
      department: 'Facilities',
      category: 'Furniture',
      priority: 'Low',
      employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
      source_service: 'hdts',
    },
  });
  expect(created.status()).toBe(201);
  const { ticket_number } = await created.json();
  await expect
    .poll(async () => (await (await request.get(`/api/v1/tickets/${ticket_number}`, { headers })).json()).routing_status, { timeout: 45_000 })
    .toBe('unrouted');
  return ticket_number;
}

test('a non-admin gets the 404 page with status 404 on every admin page, and sees no link to them', async ({ page }) => {
  const agent = loginWithRole(4);
  await signIn(page, agent);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'My tasks' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  for (const path of [...ADMIN_PAGES, '/admin/workflows', '/admin/workflows/new', '/admin/workflows/1', '/admin/audit/export', '/dashboard']) {
    const res = await page.goto(path);
    expect(res?.status(), `${path} as an agent`).toBe(404);
    await expect(page.getByText('There is nothing here')).toBeVisible();
  }
  // What the pages' actions call refuses too: the admin API answers an agent 403.
  const api = await page.request.get('/api/v1/admin/dead-letters', { headers: await bearer(agent.user_id) });
  expect(api.status()).toBe(403);

  // A coordinator may see the dashboards (the link is theirs) but not the admin console.
  await page.context().clearCookies();
  await signIn(page, loginWithRole(3));
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
  for (const path of ADMIN_PAGES) expect((await page.goto(path))?.status(), `${path} as a coordinator`).toBe(404);
});

test('an admin routes an unrouted ticket by hand; a double click routes it once', async ({ page, request }) => {
  const ticketNumber = await postUnroutableTicket(request);
  await signIn(page, loginFor(ADMIN));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Unrouted' }).click();
  await expect(page).toHaveURL(/\/admin\/unrouted$/);
  const row = page.locator(`[data-testid="unrouted-row"][data-ticket="${ticketNumber}"]`);
  await expect(row.getByTestId('unrouted-reason')).toContainText(/no (deployed )?workflow/i);

  await page.getByLabel('Route to workflow').selectOption({ label: 'IT Support Software Installation (IT Department / IT Support / Software Installation)' });
  await row.getByRole('button', { name: `Route ${ticketNumber}` }).dblclick();
  const result = page.getByTestId('route-form').getByTestId('action-result');
  await expect(result).toHaveText(`Routed ${ticketNumber}.`);
  await expect(row).toHaveCount(0);

  const headers = await bearer(ADMIN);
  const ticket = await (await request.get(`/api/v1/tickets/${ticketNumber}`, { headers })).json();
  expect(ticket.routing_status).toBe('routed');
  expect(ticket.task_items).toHaveLength(1);
  // Audited, with who did it.
  await page.goto(`/admin/audit?entity_type=ticket&entity_id=${ticketNumber}`);
  await expect(page.getByTestId('audit-event').filter({ hasText: 'ticket.routed_by_hand' })).toContainText('Alice Admin');
});

test('an admin replays a dead-lettered broker message once; a second replay is refused', async ({ page, request }) => {
  const amqpUrl = process.env.E2E_AMQP_URL || (E2E_IS_LOCAL ? (JSON.parse(readFileSync(E2E_STAGING_STATE_FILE, 'utf8')) as { amqp_url?: string }).amqp_url : '');
  test.skip(!amqpUrl, 'this layout has no broker (E2E_LAYOUT=single); against another host give its RabbitMQ in E2E_AMQP_URL');

  // HDTS's Celery sent a ticket with an `expires` that passed before TTS could take it (the bridge
  // was down): the bridge dead-letters it rather than run an expired task. The admin decides it
  // should run after all.
  const ticketNumber = `TX${new Date().toISOString().slice(0, 10).replace(/-/g, '')}${String(Date.now()).slice(-6)}`;
  const message = celeryProducerMessage(INBOUND_TASKS.receiveTicket, {
    payload: {
      ticket_number: ticketNumber,
      subject: 'Late laptop return',
      description: 'Sent while TTS was down',
      department: 'Asset Department',
      category: 'Asset Check In',
      priority: 'Medium',
      employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
      source_service: 'hdts',
      asset_name: 'Dell Latitude 7440',
    },
  });
  const connection = await amqp.connect(amqpUrl!);
  try {
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue(QUEUES.ticketTasks, message.content, { ...message.options, headers: { ...message.options.headers, expires: '2020-01-01T00:00:00+00:00' } });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
  const headers = await bearer(ADMIN);
  let deadLetterId = 0;
  await expect
    .poll(
      async () => {
        const body = await (await request.get('/api/v1/admin/dead-letters?state=open', { headers })).json();
        deadLetterId = body.items.find((d: { message_id: string }) => d.message_id === `celery:${message.id}`)?.id ?? 0;
        return deadLetterId;
      },
      { timeout: 45_000 },
    )
    .toBeGreaterThan(0);
  expect((await request.get(`/api/v1/tickets/${ticketNumber}`, { headers })).status()).toBe(404);

  await signIn(page, loginFor(ADMIN));
  await page.goto('/admin/integration');
  // A second tab, opened before the replay, still offers it.
  const stale = await page.context().newPage();
  await stale.goto('/admin/integration');

  const letter = page.locator(`[data-testid="dead-letter"][data-id="${deadLetterId}"]`);
  await expect(letter.getByTestId('dead-letter-reason')).toContainText('expired at 2020-01-01T00:00:00.000Z');
  await letter.getByText('Payload', { exact: true }).click();
  await expect(letter.locator('pre')).toContainText(ticketNumber);
  await letter.getByRole('button', { name: `Replay dead letter ${deadLetterId}` }).click();
  await expect(page.getByTestId('dead-letter-form').getByTestId('action-result')).toHaveText('Replayed: the message was applied.');
  await expect(letter.getByTestId('replay-outcome')).toContainText('applied');
  await expect(letter.getByRole('button', { name: /^Replay/ })).toHaveCount(0);
  await expect
    .poll(async () => (await (await request.get(`/api/v1/tickets/${ticketNumber}`, { headers })).json()).routing_status, { timeout: 45_000 })
    .toBe('routed');

  const staleLetter = stale.locator(`[data-testid="dead-letter"][data-id="${deadLetterId}"]`);
  await staleLetter.getByRole('button', { name: `Replay dead letter ${deadLetterId}` }).click();
  const staleResult = stale.getByTestId('dead-letter-form').getByTestId('action-result');
  await expect(staleResult).toContainText('already replayed');
  await expect(staleResult).toContainText('a message is replayed once');
  await stale.close();

  // The ticket exists once, and the replay is in the audit log.
  const tickets = await (await request.get(`/api/v1/tickets?limit=200`, { headers })).json();
  expect(tickets.items.filter((t: { ticket_number: string }) => t.ticket_number === ticketNumber)).toHaveLength(1);
  await page.goto(`/admin/audit?entity_type=dead_letter&entity_id=${deadLetterId}`);
  await expect(page.getByTestId('audit-event')).toHaveCount(1);
  await expect(page.getByTestId('audit-event')).toContainText('dead_letter.replayed');
});

test('an admin retries a notification the email provider refused', async ({ page, request }) => {
  test.skip(!E2E_RESEND_STAND_IN_URL, "an external host's email provider cannot be made to refuse an email");
  const standIn = (path: string) => `${E2E_RESEND_STAND_IN_URL}${path}`;
  const setProvider = async (behaviour: unknown) =>
    expect((await request.put(standIn('/__stand-in/behaviour'), { data: JSON.stringify(behaviour), headers: { 'content-type': 'application/json' } })).ok()).toBe(true);

  // The provider rejects what it is sent (as Resend does with a 422 validation_error) while a new
  // ticket's first task is assigned, so its assignment email fails for good.
  await setProvider({ status: 422, name: 'validation_error' });
  let ticketNumber: string;
  let assignee: Login;
  try {
    const headers = await bearer(501);
    const created = await request.post('/send/', {
      headers,
      data: {
        subject: `Monitor arm ${Date.now()}`,
        description: 'Needs installing',
        department: 'IT Department',
        category: 'IT Support',
        subcategory: 'Software Installation',
        priority: 'High',
        employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
        source_service: 'hdts',
      },
    });
    expect(created.status()).toBe(201);
    ticketNumber = (await created.json()).ticket_number;
    const admin = await bearer(ADMIN);
    await expect
      .poll(
        async () => {
          const body = await (await request.get('/api/v1/admin/failed-notifications', { headers: admin })).json();
          return body.items.filter((f: { subject: string | null }) => f.subject?.startsWith(`[${ticketNumber}] New task`)).length;
        },
        { timeout: 45_000 },
      )
      .toBe(1);
    const ticket = await (await request.get(`/api/v1/tickets/${ticketNumber}`, { headers: admin })).json();
    assignee = loginFor(ticket.task_items[0].user_id);
  } finally {
    // The cause is fixed: the provider takes emails again.
    await setProvider('ok');
  }

  await signIn(page, loginFor(ADMIN));
  await page.goto('/admin/notifications');
  const row = page.getByTestId('failed-notification').filter({ hasText: `[${ticketNumber}] New task` });
  await expect(row).toContainText('Failed');
  await expect(row).toContainText('validation_error');
  await expect(row).toContainText(`to ${assignee.email}`);
  await row.getByRole('button', { name: /^Retry/ }).dblclick();
  await expect(page.getByTestId('retry-form').getByTestId('action-result')).toHaveText('Queued again: it is being sent now.');

  // Delivered: the provider got it once, and the failure is resolved.
  await expect
    .poll(async () => ((await (await request.get(standIn('/__stand-in/sent'))).json()) as Array<{ subject: string; to: string[] }>).filter((s) => s.subject.startsWith(`[${ticketNumber}] New task`)), {
      timeout: 45_000,
    })
    .toEqual([expect.objectContaining({ to: [assignee.email] })]);
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId('failed-notification').filter({ hasText: `[${ticketNumber}] New task` }).count();
    })
    .toBe(0);
  await page.goto('/admin/notifications?failed=resolved');
  await expect(page.getByTestId('failed-notification').filter({ hasText: `[${ticketNumber}] New task` })).toContainText('Delivered since');
});

test('an admin pauses and resumes a member, and exports the audit log as CSV', async ({ page }) => {
  await signIn(page, loginFor(ADMIN));
  await page.goto('/admin/roles');
  const role = page.getByTestId('role-card').filter({ has: page.getByRole('heading', { name: 'Asset Manager' }) });
  const marco = role.locator('[data-testid="role-member"][data-user-id="132"]');
  await marco.getByLabel('Reason for pausing Marco Asset (optional)').fill('On leave this week');
  await marco.getByRole('button', { name: 'Pause Marco Asset in Asset Manager' }).click();
  await expect(marco.getByTestId('action-result')).toHaveText('Marco Asset no longer gets new work in this role.');
  await expect(marco).toContainText('Paused');
  await expect(marco).toContainText('by Alice Admin: On leave this week');
  await marco.getByRole('button', { name: 'Resume Marco Asset in Asset Manager' }).click();
  await expect(marco.getByTestId('action-result')).toHaveText('Marco Asset takes turns in this role again.');
  await expect(marco).toContainText('Takes turns');

  await page.goto('/admin/audit?entity_type=role&entity_id=4');
  await expect(page.getByTestId('audit-event')).toHaveCount(2);
  await expect(page.getByTestId('audit-event').first()).toContainText('role_member.assignment_resumed');
  const href = await page.getByTestId('audit-export').getAttribute('href');
  expect(href).toBe('/admin/audit/export?entity_type=role&entity_id=4');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trimEnd().split('\r\n');
  expect(lines[0]).toBe('id,created_at,actor_user_id,actor_name,action,entity_type,entity_id,data');
  expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['role_member.assignment_resumed', 'role_member.assignment_paused']);
  expect((await page.request.get('/admin/audit/export?from=nonsense')).status()).toBe(400);
});

test('every admin page is accessible and fits a phone', async ({ page, request }) => {
  // Something on each list: an unrouted ticket (the journeys above leave dead letters and failures).
  await postUnroutableTicket(request);
  await signIn(page, loginFor(ADMIN));
  for (const path of ADMIN_PAGES) {
    await page.goto(path);
    await checkPage(page, path.slice(1).replace(/\//g, '-'));
  }
  // The sub-navigation marks where you are, and works from the keyboard.
  await page.goto('/admin/roles');
  const sub = page.getByRole('navigation', { name: 'Admin' });
  await expect(sub.getByRole('link', { name: 'Roles' })).toHaveAttribute('aria-current', 'page');
  await sub.getByRole('link', { name: 'Roles' }).focus();
  await page.keyboard.press('Tab');
  await expect(sub.getByRole('link', { name: 'Unrouted' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/unrouted$/);
});
