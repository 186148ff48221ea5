'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
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
 * sent every button is disabled, so a double click acts once. With `draftKey` the note is also
 * kept in the tab's session storage until it is sent, so a page that had to be loaded again (an
 * error page's "Try again", a reload) gives it back.
 */
export function ActionForm({
  choices,
  action,
  noteHint,
  idPrefix = 'action',
  noteLabel = 'Note',
  draftKey,
  children,
}: {
  draftKey?: string;
  noteLabel?: string;
  choices: ActionChoice[];
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  noteHint: string;
  idPrefix?: string;
  children?: React.ReactNode;
}) {
  const storageKey = draftKey ? `tts:draft:${draftKey}:${idPrefix}` : null;
  const [state, formAction] = useActionState(action, { error: null });
  const [note, setNote] = useState('');
  useEffect(() => {
    const saved = storageKey ? sessionStorage.getItem(storageKey) : null;
    if (saved) setNote(saved);
  }, [storageKey]);
  const sent = useRef('');
  useEffect(() => {
    // Refused: the text is a draft again (it was dropped from storage when it was sent).
    if (state.error && storageKey && sent.current) sessionStorage.setItem(storageKey, sent.current);
  }, [state, storageKey]);
  const change = (value: string) => {
    setNote(value);
    if (!storageKey) return;
    try {
      if (value) sessionStorage.setItem(storageKey, value);
      else sessionStorage.removeItem(storageKey);
    } catch {
      // Storage full or off: the box still holds the text.
    }
  };
  return (
    <form
      action={formAction}
      // Sent: no longer a draft. A refusal keeps the text in the box (and the draft again on the next keystroke).
      onSubmit={() => {
        sent.current = note;
        if (storageKey) sessionStorage.removeItem(storageKey);
      }}
      className="grid gap-3"
    >
      {children}
      <Field label={noteLabel} htmlFor={`${idPrefix}-note`} hint={noteHint}>
        <Textarea
          id={`${idPrefix}-note`}
          name="note"
          rows={3}
          value={note}
          onChange={(e) => change(e.target.value)}
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
