'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Label, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import type { SaveState } from '@/app/settings/notifications/actions';
import type { getPreferences } from '@/lib/notifications/get-preferences';

/** One notification type's settings, as getPreferences reads them. */
export type PreferenceRow = Awaited<ReturnType<typeof getPreferences>>['preferences'][number];

const EMAIL_CHOICES = [
  { value: 'immediate', label: 'At once' },
  { value: 'unread_after', label: 'If unread after a while' },
  { value: 'digest', label: 'In the daily digest' },
  { value: 'off', label: 'Never' },
];

/** The notification preferences: per type in-app and email, and when the daily digest goes out. */
export function PreferencesForm({
  rows,
  digestHour,
  timeZone,
  zones,
  action,
  emailDelayMinutes,
}: {
  rows: PreferenceRow[];
  digestHour: number;
  timeZone: string;
  zones: string[];
  action: (state: SaveState, form: FormData) => Promise<SaveState>;
  emailDelayMinutes: number;
}) {
  const [state, formAction] = useActionState(action, { error: null, saved: false });
  return (
    <form action={formAction} className="grid gap-5">
      <fieldset className="grid gap-0">
        <legend className="mb-2 text-sm font-medium">Per kind of notification</legend>
        <ul className="divide-y rounded-md border" aria-label="Notification types">
          {rows.map((r) => (
            <li key={r.type} className="grid gap-2 px-3 py-3 sm:grid-cols-[minmax(0,1fr)_8rem_16rem] sm:items-center sm:gap-4">
              <div>
                <p className="text-sm font-medium">{r.label}</p>
                {r.in_app_required ? <p className="text-xs text-muted-foreground">Always shown in the app</p> : null}
              </div>
              <label className="inline-flex items-center gap-2 text-sm">
                {r.in_app_required ? <input type="hidden" name={`required:${r.type}`} value="1" /> : null}
                <input
                  type="checkbox"
                  name={`in_app:${r.type}`}
                  defaultChecked={r.in_app}
                  disabled={r.in_app_required}
                  aria-label={`In the app: ${r.label}`}
                  className="size-4 accent-[var(--color-primary)]"
                />
                In the app
              </label>
              <Select name={`email:${r.type}`} defaultValue={r.email} aria-label={`Email: ${r.label}`}>
                {EMAIL_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    Email: {c.label.toLowerCase()}
                  </option>
                ))}
              </Select>
            </li>
          ))}
        </ul>
      </fieldset>
      <p className="text-sm text-muted-foreground">“If unread after a while”: the email goes out {emailDelayMinutes} minutes later, unless you read it in the app first.</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor="digest_hour">Daily digest at</Label>
          <Select id="digest_hour" name="digest_hour" defaultValue={String(digestHour)}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {String(h).padStart(2, '0')}:00
              </option>
            ))}
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="time_zone">Time zone</Label>
          <Select id="time_zone" name="time_zone" defaultValue={timeZone}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div aria-live="polite">
        {state.error ? <Alert tone="danger">{state.error}</Alert> : state.saved ? <Alert tone="success">Your preferences are saved.</Alert> : null}
      </div>
      <div>
        <SubmitButton pendingLabel="Saving…">Save preferences</SubmitButton>
      </div>
    </form>
  );
}
