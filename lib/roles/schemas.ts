import { z } from 'zod';
import { INT4_MAX, storable } from '../validation';

/** Auth Service ids: Django sends integers; a numeric string is taken too. */
const authId = z
  .union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/).transform(Number)])
  .pipe(z.number().int().positive().max(INT4_MAX, `must be at most ${INT4_MAX}`));

/**
 * What a sync message asks for. The reference payloads carry none and the reference consumer
 * ignores it (create-or-update), so any other word is an upsert too; a peer that signals deletion
 * (post_delete) may send `delete`, which TTS applies as deactivation, so history that names the
 * role or member keeps its meaning.
 */
const action = z
  .string()
  .trim()
  .toLowerCase()
  .transform((a) => (['delete', 'deleted', 'deactivate', 'deactivated', 'remove', 'removed'].includes(a) ? 'deactivate' : 'upsert'))
  .nullish();

/** Django writes unset fields as null: null reads as absent, as the reference's `.get()` does. */
const nullAsAbsent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** `tts.role.sync`: `{ role: { id, name, system } }`, optionally `is_active` and `action`. */
export const roleSyncSchema = storable(
  z
  .object({
    action,
    role: z
      .object({
        id: authId,
        name: nullAsAbsent(z.string().trim().min(1, 'role.name must not be empty').max(200)),
        // The reference reads role_data.get('system', 'tts').
        system: z.string().trim().max(50).nullish().transform((v) => v || 'tts'),
        is_active: nullAsAbsent(z.boolean()),
      })
      .loose(),
  })
  .loose()
  .superRefine((v, ctx) => {
    const isDeactivation = v.action === 'deactivate' || v.role.is_active === false;
    if (!isDeactivation && v.role.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['role', 'name'], message: 'role.name is required' });
    }
  }),
);

/** `tts.user_system_role.sync`: `{ user_system_role: { role_id, user_id, user_full_name, is_active } }`. */
export const userSystemRoleSyncSchema = storable(
  z
  .object({
    action,
    user_system_role: z
      .object({
        role_id: authId,
        user_id: authId,
        user_full_name: z.string().trim().max(300).nullish(),
        is_active: nullAsAbsent(z.boolean()),
      })
      .loose(),
  })
  .loose(),
);

export type RoleSyncPayload = z.infer<typeof roleSyncSchema>;
export type UserSystemRoleSyncPayload = z.infer<typeof userSystemRoleSyncSchema>;
