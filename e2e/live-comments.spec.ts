import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { hdtsToken, loginFor } from './fixtures';

/**
 * Live comments through the deployed layout: the browser reaches the realtime sidecars through
 * nginx on the app's own origin (socket.io on /socket.io/, the seed's path on /ws/), two browsers
 * pinned to different sidecars hear a comment posted over the API, and the seed's plain
 * WebSocket client works with the access_token cookie.
 */

async function routedTicket(request: APIRequestContext) {
  const token = await hdtsToken(501);
  const created = await request.post('/send/', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      subject: `Live comments ${Date.now()}`,
      description: 'Talk about it live',
      department: 'IT Department',
      category: 'IT Support',
      subcategory: 'Software Installation',
      priority: 'Medium',
      employee: { id: 501, name: 'Jane Doe' },
      source_service: 'hdts',
    },
  });
  expect(created.status()).toBe(201);
  const { ticket_number } = (await created.json()) as { ticket_number: string };
  let assignee: number | undefined;
  await expect
    .poll(
      async () => {
        const body = await (await request.get(`/api/v1/tickets/${ticket_number}`, { headers: { authorization: `Bearer ${token}` } })).json();
        assignee = body.task_items?.[0]?.user_id;
        return body.routing_status;
      },
      { timeout: 45_000 },
    )
    .toBe('routed');
  return { ticket_number, token, assignee: assignee! };
}

/** Two `tts_rt` stickiness keys that nginx routes to different sidecars (when it names them). */
async function keysOnTwoSidecars(request: APIRequestContext): Promise<string[]> {
  const byUpstream = new Map<string, string>();
  for (let i = 0; i < 40 && byUpstream.size < 2; i++) {
    const key = `${Date.now().toString(16)}${i.toString(16).padStart(4, '0')}`.padEnd(32, '0');
    const res = await request.get('/socket.io/?EIO=4&transport=polling', { headers: { cookie: `tts_rt=${key}` } });
    const upstream = res.headers()['x-tts-upstream'];
    if (!upstream) return [key, key];
    if (!byUpstream.has(upstream)) byUpstream.set(upstream, key);
  }
  return [...byUpstream.values()];
}

async function signedInPage(browser: Browser, baseURL: string, userId: number, rtKey: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: 'tts_rt', value: rtKey, url: baseURL }]);
  const page = await context.newPage();
  const login = loginFor(userId);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  return page;
}

test('two browsers on different sidecars hear a comment posted over the API, with their session cookie', async ({ browser, request, baseURL }) => {
  const { ticket_number, token, assignee } = await routedTicket(request);
  const ticket = (await (await request.get(`/api/v1/tickets/${ticket_number}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    task: { owner_user_id: number };
  };
  const keys = await keysOnTwoSidecars(request);
  const pages = [await signedInPage(browser, baseURL!, assignee, keys[0]), await signedInPage(browser, baseURL!, ticket.task.owner_user_id, keys[1] ?? keys[0])];

  // The page loads socket.io's own client from the sidecar (through nginx) and joins the ticket.
  for (const page of pages) {
    await page.addScriptTag({ url: '/socket.io/socket.io.js' });
    const joined = await page.evaluate(async (number) => {
      const w = window as unknown as { io: (o: object) => any; got: unknown[]; sock: any };
      w.got = [];
      w.sock = w.io({ transports: ['websocket'] });
      w.sock.on('comment:created', (e: unknown) => w.got.push(e));
      return w.sock.timeout(10_000).emitWithAck('ticket:join', { ticket_number: number });
    }, ticket_number);
    expect(joined).toEqual({ ok: true, ticket_number });
  }

  const body = `<script>window.pwned = true</script> Any news? ${Date.now()}`;
  const posted = await request.post(`/api/v1/tickets/${ticket_number}/comments`, { headers: { authorization: `Bearer ${token}` }, data: { body } });
  expect(posted.status()).toBe(201);
  for (const page of pages) {
    await expect.poll(() => page.evaluate(() => (window as unknown as { got: Array<{ comment: { body: string } }> }).got.map((e) => e.comment.body))).toEqual([body]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
  }
  for (const page of pages) await page.context().close();
});

test("the seed's plain WebSocket path works through nginx with the access_token cookie", async ({ browser, request, baseURL }) => {
  const { ticket_number, token, assignee } = await routedTicket(request);
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: 'access_token', value: await hdtsToken(assignee), url: baseURL! }]);
  const page = await context.newPage();
  await page.goto('/api/health');
  await page.evaluate(async (number) => {
    const w = window as unknown as { got: unknown[]; ws: WebSocket };
    w.got = [];
    w.ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws/comments/${number}/`);
    w.ws.onmessage = (e) => w.got.push(JSON.parse(e.data));
    await new Promise((resolve, reject) => ((w.ws.onopen = resolve), (w.ws.onerror = reject)));
  }, ticket_number);

  const posted = await request.post(`/api/v1/tickets/${ticket_number}/comments`, { headers: { authorization: `Bearer ${token}` }, data: { body: 'From HDTS' } });
  const got = () => page.evaluate(() => (window as unknown as { got: Array<{ type: string; comment: { body: string; author: { user_id: number } } }> }).got);
  await expect.poll(got).toEqual([{ type: 'comment_message', comment: (await posted.json()).comment }]);

  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send(JSON.stringify({ type: 'new_comment', content: 'From the seed client', user_id: 501 })));
  await expect.poll(async () => (await got()).map((m) => [m.type, m.comment.body, m.comment.author.user_id])).toEqual([
    ['comment_message', 'From HDTS', 501],
    ['comment_message', 'From the seed client', assignee],
  ]);
  const listed = await request.get(`/api/v1/tickets/${ticket_number}/comments`, { headers: { authorization: `Bearer ${token}` } });
  expect(((await listed.json()).comments as Array<{ body: string }>).map((c) => c.body)).toEqual(['From HDTS', 'From the seed client']);
  await context.close();
});
