import { describe, expect, it } from 'vitest';
import * as taskSchemas from './tasks/schemas';
import { idParamsSchema } from './validation';
import * as workflowSchemas from './workflows/schemas';

describe('idParamsSchema', () => {
  it('takes a positive integer of up to 9 digits and refuses anything else', () => {
    expect(idParamsSchema.parse({ id: '42' })).toEqual({ id: 42 });
    expect(idParamsSchema.parse({ id: '999999999' })).toEqual({ id: 999_999_999 });
    for (const id of ['0', '000', '-1', '1.5', 'abc', '', '1234567890', ' 7']) {
      const parsed = idParamsSchema.safeParse({ id });
      expect(parsed.success, `"${id}"`).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['id'], message: 'id must be a positive integer' });
    }
  });

  it('is the one schema both the task item and the workflow routes use, each from its own schemas.ts', () => {
    expect(taskSchemas.idParamsSchema).toBe(idParamsSchema);
    expect(workflowSchemas.idParamsSchema).toBe(idParamsSchema);
  });
});
