'use client';

import './globals.css';

/** The last resort, when the layout itself failed: a plain page with a way back. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="mx-auto grid max-w-xl gap-4 px-4 py-16">
          <h1 className="text-xl font-semibold">TTS is not available right now</h1>
          <p>
            The app could not load this page, usually because its database is not answering. Try again in a moment; if it keeps happening, tell your
            administrator{error.digest ? ` (reference ${error.digest})` : ''}.
          </p>
          <p>
            <button type="button" className="rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground" onClick={() => reset()}>
              Try again
            </button>
          </p>
        </main>
      </body>
    </html>
  );
}
