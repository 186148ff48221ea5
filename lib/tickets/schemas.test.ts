import { describe, expect, it } from 'vitest';
import { normalizeTicket, ticketInputSchema } from './schemas';

const base = { subject: 'Laptop return', department: 'Asset Department', category: 'Asset Check In' };

describe('ticketInputSchema', () => {
  it('reads null as absent, as Django serializers write unset fields', () => {
    const parsed = ticketInputSchema.parse({
      ...base,
      ticket_number: null,
      ticket_id: 'TX20251231962083',
      priority: null,
      status: null,
      sub_category: null,
      employee: { id: 1, name: 'J', email: null },
    });
    expect(normalizeTicket(parsed)).toMatchObject({ ticketNumber: 'TX20251231962083', priority: 'Medium', status: 'New', subCategory: null });
  });

  it('still refuses a wrong value, naming the field', () => {
    const result = ticketInputSchema.safeParse({ ...base, priority: 'Huge', status: 'Lost', ticket_number: 'no spaces allowed' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['priority', 'status', 'ticket_number']);
  });
});
