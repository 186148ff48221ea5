'use client';

import { RotateCw } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { startTransition, useEffect } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/**
 * Any page that failed to load. The server's error text is not shown (in production it is hidden
 * from the browser anyway); the digest lets an operator find the server log line.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto grid max-w-xl gap-4 py-10">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <Alert tone="danger" title="Something went wrong on our side.">
        TTS could not get what this page needs, usually because its database is not answering right now. Nothing you entered was lost. Try again in a
        moment; if it keeps happening, tell your administrator{error.digest ? ` (reference ${error.digest})` : ''}.
      </Alert>
      <div className="flex gap-2">
        <Button
          onClick={() =>
            startTransition(() => {
              router.refresh();
              reset();
            })
          }
        >
          <RotateCw aria-hidden />
          Try again
        </Button>
        <Button variant="outline" asChild>
          <Link href="/tasks">Go to My tasks</Link>
        </Button>
      </div>
    </div>
  );
}
