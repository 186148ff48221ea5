import { describe, expect, it } from 'vitest';
import { pageAudience } from './page-audience';

describe('pageAudience', () => {
  it('keeps the admin console for admins and the dashboards for coordinators', () => {
    expect(pageAudience('/admin')).toBe('admin');
    expect(pageAudience('/admin/roles')).toBe('admin');
    expect(pageAudience('/admin/audit/export')).toBe('admin');
    expect(pageAudience('/dashboard')).toBe('coordinator');
    expect(pageAudience('/dashboard/sla')).toBe('coordinator');
  });
  it('leaves every other page alone, including look-alike paths', () => {
    for (const p of ['/', '/tasks', '/tickets/TX1', '/administrator', '/dashboards', '/api/v1/admin/outbox']) expect(pageAudience(p)).toBeNull();
  });
});
