import { expect, test, type APIRequestContext } from '@playwright/test';
import { hdtsToken } from './fixtures';

/**
 * What the staging layout (deploy/nginx.conf in front of two of each process) shows that one
 * process cannot. nginx names the process that answered in X-TTS-Upstream.
 */

async function upstreamsOf(request: APIRequestContext, path: string, n: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const res = await request.get(path);
    expect(res.ok()).toBe(true);
    seen.add(res.headers()['x-tts-upstream'] ?? '(none)');
  }
  return seen;
}

test('nginx spreads requests over both web processes, and the health check sees both workers', async ({ request }) => {
  const seen = await upstreamsOf(request, '/api/health', 8);
  expect(seen.has('(none)'), 'nginx names the upstream (deploy/nginx.conf)').toBe(false);
  expect(seen.size).toBeGreaterThanOrEqual(2);
  await expect
    .poll(async () => (await (await request.get('/api/health')).json()).workers?.running, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
  // socket.io stickiness: the first response hands out the key it was routed by.
  const res = await request.get('/api/health', { headers: { cookie: '' } });
  expect(res.headers()['set-cookie'] ?? '').toMatch(/tts_rt=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax/);
});

test('a body larger than nginx keeps in memory reaches a web process (nginx spools it to its temp folder)', async ({ request }) => {
  const token = await hdtsToken(501);
  // 40 KB (descriptions may hold 50,000 characters), well past nginx's 8 KB client_body_buffer_size:
  // nginx writes it to client_body/ first.
  const description = 'Steps to reproduce: '.padEnd(40 * 1024, 'x');
  const res = await request.post('/api/v1/tickets', {
    headers: { authorization: `Bearer ${token}` },
    data: { subject: `Large body ${Date.now()}`, description, department: 'IT Department', category: 'IT Support', subcategory: 'Access Request', priority: 'Low', employee: { id: 501, name: 'Jane Doe' } },
  });
  expect(res.headers()['x-tts-upstream'], 'a web process answered, not nginx').toBeTruthy();
  expect(res.status()).toBe(201);
});

test('tickets posted through both web processes while both workers run are routed once each, with fair turns', async ({ request }) => {
  const token = await hdtsToken(501);
  const auth = { authorization: `Bearer ${token}` };
  const stamp = Date.now();
  const n = 20;
  const posted = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await request.post('/send/', {
        headers: auth,
        data: {
          subject: `Staging fairness ${stamp} #${i}`,
          description: 'Routed by whichever worker takes it',
          department: 'IT Department',
          category: 'IT Support',
          subcategory: 'Software Installation',
          priority: 'Medium',
          employee: { id: 501, name: 'Jane Doe' },
          source_service: 'hdts',
        },
      });
      expect(res.status()).toBe(201);
      return { ticket_number: (await res.json()).ticket_number as string, upstream: res.headers()['x-tts-upstream'] };
    }),
  );
  expect(new Set(posted.map((p) => p.upstream)).size, 'both web processes took tickets').toBe(2);

  // The same ticket again (HDTS retrying) is the stored one, not a second ticket.
  const again = await request.post('/send/', {
    headers: auth,
    data: {
      ticket_number: posted[0].ticket_number,
      subject: `Staging fairness ${stamp} #0`,
      department: 'IT Department',
      category: 'IT Support',
      subcategory: 'Software Installation',
      priority: 'Medium',
      employee: { id: 501, name: 'Jane Doe' },
    },
  });
  expect(again.status()).toBe(200);

  const routed = new Map<string, { items: Array<{ user_id: number; status: string }>; owner: number | null }>();
  await expect
    .poll(
      async () => {
        for (const { ticket_number } of posted) {
          if (routed.has(ticket_number)) continue;
          const body = await (await request.get(`/api/v1/tickets/${ticket_number}`, { headers: auth })).json();
          if (body.routing_status === 'routed') routed.set(ticket_number, { items: body.task_items, owner: body.task?.owner_user_id ?? null });
        }
        return routed.size;
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe(n);

  const firstHolders = new Map<number, number>();
  const owners = new Map<number, number>();
  for (const [ticket, { items, owner }] of routed) {
    expect(items, `${ticket} has one first item`).toHaveLength(1);
    firstHolders.set(items[0].user_id, (firstHolders.get(items[0].user_id) ?? 0) + 1);
    if (owner !== null) owners.set(owner, (owners.get(owner) ?? 0) + 1);
  }
  // Round robin with one durable cursor per role: however the two workers interleave, consecutive
  // turns go around the role, so the counts differ by at most one.
  for (const counts of [firstHolders, owners]) {
    const values = [...counts.values()];
    expect(values.reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.max(...values) - Math.min(...values), JSON.stringify(Object.fromEntries(counts))).toBeLessThanOrEqual(1);
  }
  expect(firstHolders.size).toBeGreaterThanOrEqual(2);
});
