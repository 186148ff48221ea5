import { describe, expect, it } from 'vitest';
import { roleSyncSchema, userSystemRoleSyncSchema } from './schemas';

describe('role sync payloads', () => {
  it('take what the reference consumer takes: null system is "tts", null is_active is absent, any other action upserts', () => {
    expect(roleSyncSchema.parse({ role: { id: 7, name: 'Auditor', system: null, is_active: null } }).role).toMatchObject({ id: 7, name: 'Auditor', system: 'tts', is_active: undefined });
    expect(roleSyncSchema.parse({ action: 'sync', role: { id: '7', name: 'Auditor' } })).toMatchObject({ action: 'upsert', role: { id: 7, system: 'tts' } });
    expect(roleSyncSchema.parse({ action: 'Delete', role: { id: 7 } }).action).toBe('deactivate');
    expect(userSystemRoleSyncSchema.parse({ action: null, user_system_role: { role_id: 7, user_id: 9, user_full_name: null, is_active: null } })).toMatchObject({
      user_system_role: { role_id: 7, user_id: 9, is_active: undefined },
    });
  });

  it('refuse what cannot be applied, naming the field', () => {
    const noName = roleSyncSchema.safeParse({ role: { id: 7, name: null } });
    expect(noName.error?.issues.map((i) => i.path.join('.'))).toEqual(['role.name']);
    const badIds = userSystemRoleSyncSchema.safeParse({ user_system_role: { role_id: 'seven', user_id: -1 } });
    expect(badIds.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['user_system_role.role_id', 'user_system_role.user_id']);
  });
});
