/** Next runs this once when the server starts (next start, next dev). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // TRACE/TRACK/CONNECT would otherwise be a plain-text 500 from Next (lib/method-guard.ts).
    const { installMethodGuard } = await import('./lib/method-guard');
    installMethodGuard();
  }
}
