import { expect, type APIRequestContext } from '@playwright/test';
import { hdtsToken } from '../fixtures';

export interface RoutedTicket {
  ticket_number: string;
  /** Who the first task item went to. */
  assignee: number;
  token: string;
}

/** Posts a ticket as HDTS does (`POST /send/`) and waits until the worker routed it to someone. */
export async function postRoutedTicket(request: APIRequestContext, fields: Record<string, unknown> = {}): Promise<RoutedTicket> {
  const token = await hdtsToken(501);
  const created = await request.post('/send/', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      subject: `Software install ${Date.now()}`,
      description: 'Please install the design suite',
      department: 'IT Department',
      category: 'IT Support',
      subcategory: 'Software Installation',
      priority: 'High',
      employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
      source_service: 'hdts',
      ...fields,
    },
  });
  expect(created.status()).toBe(201);
  const { ticket_number } = await created.json();
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
  return { ticket_number, assignee: assignee!, token };
}
