'use client';

import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { cn } from '@/components/ui/cn';
import type { AdminActionState } from './action-state';

/**
 * A form around one admin server action, showing the action's answer below its controls
 * (announced: `aria-live`). While it is being sent its SubmitButtons are disabled, and a second
 * submit before the first answered is dropped here, so a double click acts once and the answer
 * shown is the first one's.
 */
export function AdminActionForm({
  action,
  children,
  className,
  resultClassName,
  resultPosition = 'end',
  testId,
}: {
  action: (state: AdminActionState, form: FormData) => Promise<AdminActionState>;
  children: ReactNode;
  className?: string;
  resultClassName?: string;
  /** Where the answer shows: after the controls (default) or before them (long forms). */
  resultPosition?: 'start' | 'end';
  testId?: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const inFlight = useRef(false);
  useEffect(() => {
    inFlight.current = false;
  }, [state]);
  const result = (
    <div aria-live="polite" className={cn('empty:hidden', resultClassName)}>
      {state ? (
        <Alert key={state.at} tone={state.ok ? 'success' : 'danger'} data-testid="action-result" className="py-2">
          {state.message}
        </Alert>
      ) : null}
    </div>
  );
  return (
    <form
      action={formAction}
      data-testid={testId}
      className={className}
      onSubmit={(e) => {
        if (inFlight.current) e.preventDefault();
        else inFlight.current = true;
      }}
    >
      {resultPosition === 'start' ? result : null}
      {children}
      {resultPosition === 'end' ? result : null}
    </form>
  );
}
