'use client';

import { Loader2 } from 'lucide-react';
import { useFormStatus } from 'react-dom';
import { Button, type ButtonProps } from './button';

/**
 * A submit button for a server-action form: while the form is submitting, every SubmitButton in
 * it is disabled (so a double click sends one request) and the one pressed shows a spinner and
 * `pendingLabel`.
 */
export function SubmitButton({ children, pendingLabel, name, value, ...props }: ButtonProps & { pendingLabel?: string }) {
  const { pending, data } = useFormStatus();
  const pressed = pending && (name === undefined || data?.get(String(name)) === String(value ?? ''));
  return (
    <Button type="submit" name={name} value={value} disabled={pending || props.disabled} aria-disabled={pending || undefined} {...props}>
      {pressed ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {pressed && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
