import { expect, test, type Page } from '@playwright/test';
import { hdtsToken, loginWithRole } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './support/axe';
import { signIn } from './support/session';

/** axe and the sideways-scroll check at desktop and phone width. */
async function checkPage(page: Page, label: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await expect(page.locator('h1').first()).toBeVisible();
    await expectNoHorizontalScroll(page, `${label} at ${width} px`);
    await expectNoSeriousA11yViolations(page, `${label} at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('an admin builds a workflow in the editor, fixes the step the check names, publishes it, and a new HDTS ticket follows it', async ({ page, request }) => {
  const stamp = Date.now();
  const category = `Key Handover ${stamp}`;
  const name = `Key handover ${stamp}`;
  await signIn(page, loginWithRole(1));

  await page.goto('/admin/workflows');
  await expect(page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible();
  await expect(page.getByTestId('workflow-row').filter({ hasText: 'Asset Check In' })).toContainText('Deployed');
  await checkPage(page, 'workflow list');

  await page.getByRole('link', { name: 'New workflow' }).click();
  await expect(page.getByRole('heading', { name: 'New workflow', level: 1 })).toBeVisible();
  await page.locator('#wf-name').fill(name);
  await page.locator('#wf-department').fill('Facilities Department');
  await page.locator('#wf-category').fill(category);

  // Step 1 (the new workflow's triage): Admin, the start; not an end step any more.
  const first = page.getByTestId('step-card').nth(0);
  await first.getByLabel('Role', { exact: true }).selectOption({ label: 'Admin' });
  await first.getByLabel('End step', { exact: true }).uncheck();
  // Step 2: hand the keys over, done by an Asset Manager; left without a way out (a dead end).
  await page.getByRole('button', { name: 'Add step' }).click();
  const second = page.getByTestId('step-card').nth(1);
  await second.getByLabel('Name', { exact: true }).fill('Hand over keys');
  await expect(second.getByLabel('Key', { exact: true })).toHaveValue('hand_over_keys');
  await second.getByLabel('Role', { exact: true }).selectOption({ label: 'Asset Manager' });
  await second.getByLabel('Escalation role', { exact: true }).selectOption({ label: 'Admin' });
  await second.getByLabel('Weight', { exact: true }).fill('2');
  // The one transition now sends triage on to step 2.
  const send = page.getByTestId('transition-card').nth(0);
  await send.getByLabel('Name', { exact: true }).fill('Send on');
  await send.getByLabel('Key', { exact: true }).fill('send_on');
  await send.getByLabel('To step', { exact: true }).selectOption({ label: 'Hand over keys' });
  // The preview follows the edits.
  await expect(page.getByTestId('workflow-preview').locator('[data-step="Hand over keys"]')).toBeVisible();

  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('editor-result')).toContainText('The workflow has problems');
  // The problem is shown on the step it is about, and only there.
  await expect(second.getByTestId('field-issue')).toContainText('Step "Hand over keys" is a dead end');
  await expect(first.getByTestId('field-issue')).toHaveCount(0);
  await expect(page.getByTestId('workflow-preview').locator('[data-step="Hand over keys"]')).toHaveAttribute('data-flagged', 'true');
  await expect(page).toHaveURL(/\/admin\/workflows\/new$/);
  await expectNoSeriousA11yViolations(page, 'editor with a problem');

  await second.getByLabel('End step', { exact: true }).check();
  await expect(page.getByTestId('check-summary')).toHaveText(/No problems found/);
  await expect(second.getByTestId('field-issue')).toHaveCount(0);
  // A double click publishes once: one workflow by this name, version 1.
  await page.getByRole('button', { name: 'Publish' }).dblclick();
  await expect(page).toHaveURL(/\/admin\/workflows\/\d+\?outcome=published$/);
  const workflowId = Number(/\/admin\/workflows\/(\d+)/.exec(page.url())![1]);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId('workflow-summary')).toContainText('Deployed');
  await expect(page.getByTestId('workflow-summary')).toContainText('Version 1 is current');
  await expect(page.getByTestId('version-row')).toHaveCount(1);

  const admin = await hdtsToken(loginWithRole(1).user_id);
  const all = await (await request.get('/api/v1/workflows?limit=100', { headers: { authorization: `Bearer ${admin}` } })).json();
  expect(all.workflows.filter((w: { name: string }) => w.name === name)).toHaveLength(1);

  // A new HDTS ticket for that department and category follows the new workflow.
  const hdts = await hdtsToken(501);
  const created = await request.post('/send/', {
    headers: { authorization: `Bearer ${hdts}` },
    data: {
      subject: `Keys for room ${stamp}`,
      description: 'New starter needs keys for room 4.12',
      department: 'Facilities Department',
      category,
      priority: 'High',
      employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
      source_service: 'hdts',
    },
  });
  expect(created.status()).toBe(201);
  const { ticket_number } = await created.json();
  let ticket: { task?: { workflow: { id: number; version: number } }; task_items?: Array<{ step: { name: string } }> } = {};
  await expect
    .poll(
      async () => {
        ticket = await (await request.get(`/api/v1/tickets/${ticket_number}`, { headers: { authorization: `Bearer ${hdts}` } })).json();
        return (ticket as { routing_status?: string }).routing_status;
      },
      { timeout: 45_000 },
    )
    .toBe('routed');
  expect(ticket.task?.workflow).toMatchObject({ id: workflowId, version: 1 });
  expect(ticket.task_items?.[0]?.step.name).toBe('Triage');

  // The list and the page say a task runs on version 1.
  await page.reload();
  await expect(page.getByTestId('version-row').filter({ hasText: 'v1' }).getByTestId('version-running')).toHaveText('1');
  await checkPage(page, 'workflow editor');

  // An edit saved as a draft: the running task stays on v1; the history says what changed.
  const current = page.getByTestId('step-card').nth(1);
  await current.getByLabel('Weight', { exact: true }).fill('3');
  await expect(page.getByTestId('editor-state')).toContainText('Unsaved changes');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('editor-result')).toContainText('Saved.');
  await expect(page.getByTestId('editor-state')).toContainText('Saved');
  await page.reload();
  await expect(page.getByTestId('version-diff')).toContainText('From version 1 to the saved edits: 1 change');
  await expect(page.getByTestId('version-change')).toContainText('Step "Hand over keys": weight');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('editor-result')).toContainText('Published as version 2');
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await expect(page.getByTestId('version-row').filter({ hasText: 'v1' }).getByTestId('version-running')).toHaveText('1');
  await expect(page.getByTestId('version-row').filter({ hasText: 'v2' }).getByTestId('version-running')).toHaveText('0');
  await page.getByLabel('Compare').selectOption('1');
  await page.getByLabel('with').selectOption('2');
  await page.getByRole('button', { name: 'Show changes' }).click();
  await expect(page).toHaveURL(/from=1&to=2/);
  await expect(page.getByTestId('version-change')).toContainText('2 → 3');

  // Pause: it stops taking tickets; the list says so.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('editor-result')).toContainText('Paused');
  await page.goto('/admin/workflows');
  await expect(page.getByTestId('workflow-row').filter({ hasText: name })).toContainText('Paused');
  await expect(page.getByTestId('workflow-row').filter({ hasText: name }).getByTestId('open-tasks')).toHaveText('1');

  await page.goto('/admin/workflows/new');
  await checkPage(page, 'new workflow');
});

test('the workflow pages do not exist for anyone but admins', async ({ page }) => {
  await signIn(page, loginWithRole(3));
  for (const path of ['/admin/workflows', '/admin/workflows/new', '/admin/workflows/1']) {
    await page.goto(path);
    await expect(page.getByText('There is nothing here')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Workflows' })).toHaveCount(0);
  }
});
