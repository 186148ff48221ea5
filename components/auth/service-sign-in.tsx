'use client';

import { useEffect, useRef } from 'react';
import { SubmitButton } from '@/components/ui/submit-button';

/**
 * Signs in with the Auth Service's session (its access_token cookie): a form for the server
 * action `action`, sent at once when `auto` (the person just arrived with that cookie), else on a
 * click. Works without JavaScript too, as a button.
 */
export function ServiceSignIn({ action, next, auto }: { action: (form: FormData) => Promise<void>; next: string; auto: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (auto && !sent.current) {
      sent.current = true;
      form.current?.requestSubmit();
    }
  }, [auto]);
  return (
    <form ref={form} action={action}>
      <input type="hidden" name="next" value={next} />
      <SubmitButton variant="outline" className="w-full" pendingLabel="Signing you in with your help-desk session…">
        Continue with your help-desk session
      </SubmitButton>
    </form>
  );
}
