import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db';
import { seedDemoData } from '../testing/fixtures';
import { createWorkflow } from '../workflows/create-workflow';
import { publishWorkflow } from '../workflows/publish-workflow';
import { workflowInputSchema } from '../workflows/schemas';
import { matchWorkflow } from './match-workflow';

const ADMIN = 101;
const H = 3600;
let t: TestDb;
let genericItId: number;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  // A catch-all IT workflow next to the seeded ones that name "Access Request" and "Software Installation".
  const input = workflowInputSchema.parse({
    name: 'IT Support (other)',
    department: 'IT Department',
    category: 'IT Support',
    sla_seconds: { Critical: 4 * H, High: 8 * H, Medium: 48 * H, Low: 120 * H },
    steps: [{ key: 'fix', name: 'Fix', role: 1, is_start: true, is_end: true }],
    transitions: [{ key: 'done', name: 'Complete', from: 'fix', to: null }],
  });
  const created = await createWorkflow(t.db, { actorUserId: ADMIN, input });
  await publishWorkflow(t.db, { workflowId: created.id, actorUserId: ADMIN });
  genericItId = created.id;
});
afterAll(async () => t.drop());

describe('matching a ticket to a workflow', () => {
  const match = (department: string, category: string, subCategory: string | null) => matchWorkflow(t.db, { department, category, subCategory });

  it('a workflow naming the sub_category beats one naming none, ignoring case', async () => {
    expect((await match('IT Department', 'IT Support', 'Access Request'))?.name).toBe('IT Support Access Request');
    expect((await match('it department', 'it support', 'SOFTWARE INSTALLATION'))?.name).toBe('IT Support Software Installation');
  });

  it('another sub_category, or none, goes to the workflow naming none', async () => {
    expect((await match('IT Department', 'IT Support', 'Printer Jam'))?.id).toBe(genericItId);
    expect((await match('IT Department', 'IT Support', null))?.id).toBe(genericItId);
  });

  it('department and category must both match', async () => {
    expect(await match('Budget Department', 'IT Support', null)).toBeNull();
    expect(await match('IT Department', 'Asset Check In', null)).toBeNull();
    expect((await match('Asset Department', 'Asset Check In', 'Anything'))?.name).toBe('Asset Check In');
  });
});
