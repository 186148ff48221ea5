'use client';

import { useActionState, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

export interface ActionChoice {
  value: string;
  label: string;
  primary: boolean;
}

export type ActionState = { error: string | null };

/**
 * The note and one button per action. The note is kept when the action is refused (the box is
 * controlled, so React does not reset it) and the refusal is announced; while one action is being
 * sent every button is disabled, so a double click acts once.
 */
export function ActionForm({
  choices,
  action,
  noteHint,
  idPrefix = 'action',
  noteLabel = 'Note',
  children,
}: {
  noteLabel?: string;
  choices: ActionChoice[];
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  noteHint: string;
  idPrefix?: string;
  children?: React.ReactNode;
}) {
  const [state, formAction] = useActionState(action, { error: null });
  const [note, setNote] = useState('');
  return (
    <form action={formAction} className="grid gap-3">
      {children}
      <Field label={noteLabel} htmlFor={`${idPrefix}-note`} hint={noteHint}>
        <Textarea
          id={`${idPrefix}-note`}
          name="note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? `${idPrefix}-error` : undefined}
        />
      </Field>
      <div aria-live="assertive">
        {state.error ? (
          <Alert tone="danger" id={`${idPrefix}-error`} data-testid={`${idPrefix}-error`}>
            {state.error}
          </Alert>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        {choices.map((c) => (
          <SubmitButton key={c.value} name="choice" value={c.value} variant={c.primary ? 'primary' : 'outline'} pendingLabel={`${c.label}…`}>
            {c.label}
          </SubmitButton>
        ))}
      </div>
    </form>
  );
}
