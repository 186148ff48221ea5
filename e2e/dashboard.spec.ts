import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS } from '../lib/demo/seed-demo';
import { hdtsToken, loginWithRole } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './support/axe';
import { signIn } from './support/session';

async function checkPage(page: Page, label: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    await expectNoHorizontalScroll(page, `${label} at ${width} px`);
    await expectNoSeriousA11yViolations(page, `${label} at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The cells of a dashboard table's data rows (the tables are folded under "Show as a table"). */
async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page
    .getByTestId(`table-${id}`)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())));
}

test('an SLA breach made with a short SLA shows on the dashboard, in its chart, table and CSV', async ({ page, request }) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  const admin = { authorization: `Bearer ${await hdtsToken(loginWithRole(1).user_id)}` };
  const category = `SLA drill ${stamp}`;
  // A workflow whose High SLA is 3 seconds: any ticket on it is breached almost at once.
  const created = await request.post('/api/v1/workflows', {
    headers: admin,
    data: {
      name: `SLA drill ${stamp}`,
      department: 'Facilities Department',
      category,
      sla_seconds: { Critical: 2, High: 3, Medium: 4, Low: 5 },
      steps: [{ key: 'fix', name: 'Fix it', role: 1, is_start: true, is_end: true }],
      transitions: [{ key: 'done', name: 'Done', from: 'fix', to: null }],
    },
  });
  expect(created.status()).toBe(201);
  const workflowId: number = (await created.json()).id;
  expect((await request.post(`/api/v1/workflows/${workflowId}/publish`, { headers: admin })).status()).toBe(201);

  const hdts = { authorization: `Bearer ${await hdtsToken(501)}` };
  const sent = await request.post('/send/', {
    headers: hdts,
    data: { subject: `Door jammed ${stamp}`, description: 'Room 2.01', department: 'Facilities Department', category, priority: 'High', employee: { id: 501, name: 'Jane Doe' } },
  });
  expect(sent.status()).toBe(201);
  const { ticket_number } = await sent.json();
  let assignee = 0;
  await expect
    .poll(
      async () => {
        const body = await (await request.get(`/api/v1/tickets/${ticket_number}`, { headers: hdts })).json();
        assignee = body.task_items?.[0]?.user_id ?? 0;
        return body.routing_status;
      },
      { timeout: 45_000 },
    )
    .toBe('routed');
  const assigneeName = DEMO_USERS.find((u) => u.id === assignee)?.fullName ?? `User ${assignee}`;

  // A Ticket Coordinator reads the dashboard, narrowed to the drill's workflow through the filter form.
  await signIn(page, loginWithRole(3));
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Workflow', { exact: true }).selectOption(String(workflowId));
  await page.getByLabel('From', { exact: true }).fill(today);
  await page.getByLabel('To', { exact: true }).fill(today);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard\\?from=${today}&to=${today}&workflow=${workflowId}$`));

  // Workload and backlog are live: the assignee holds one open item, breached once its 3 s passed.
  await expect.poll(async () => (await page.reload(), tableRows(page, 'workload')), { timeout: 30_000 }).toEqual([[assigneeName, '1', '0', '1']]);
  expect(await tableRows(page, 'backlog')).toEqual([[`SLA drill ${stamp}`, 'Fix it', '1', '0', '0', '0', '1']]);
  await expect(page.getByTestId('chart-workload').locator('[data-series="breached"]')).toHaveAttribute('data-value', '1');

  // The breach itself is recorded by the SLA scan (once a minute) and then counted on its day.
  await expect
    .poll(
      async () => {
        await page.reload();
        return (await tableRows(page, 'sla-events')).find((r) => r[0] === today)?.[1];
      },
      { timeout: 180_000, intervals: [5_000] },
    )
    .toBe('1');
  await expect(page.getByTestId('chart-sla-events')).toContainText('1 breach and 0 warnings in the range.');
  await expect(page.getByTestId('chart-sla-events').locator(`[data-series="breached"] circle[data-day="${today}"]`)).toHaveAttribute('data-value', '1');
  expect(await tableRows(page, 'throughput')).toEqual([[today, '1', '0']]);

  // The same rows as CSV, for the same filters.
  const link = page.getByRole('link', { name: 'Download Breaches and warnings over time as CSV' });
  await expect(link).toHaveAttribute('href', `/dashboard/export?chart=sla-events&from=${today}&to=${today}&workflow=${workflowId}`);
  const csv = await page.request.get((await link.getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).trim().split(/\r?\n/)).toEqual(['day,breaches,warnings', `${today},1,0`]);
  const workload = await page.request.get(`/dashboard/export?chart=workload&from=${today}&to=${today}&workflow=${workflowId}`);
  expect(await workload.text()).toContain(`${assignee},${assigneeName},1,0,1`);

  await checkPage(page, 'dashboard (one workflow)');
  await page.goto('/dashboard');
  await checkPage(page, 'dashboard (all workflows)');

  // A bad filter is said in a sentence; the page still shows the defaults.
  await page.goto('/dashboard?from=2026-02-30');
  await expect(page.getByRole('status').filter({ hasText: 'The start date must be a real date' })).toBeVisible();
});

test('the dashboard and its CSV do not exist for agents', async ({ page }) => {
  await signIn(page, loginWithRole(5));
  await page.goto('/dashboard');
  await expect(page.getByText('There is nothing here')).toBeVisible();
  expect((await page.request.get('/dashboard/export?chart=backlog')).status()).toBe(404);
});
