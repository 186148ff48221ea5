/** A redirect target after sign-in: only a path of this app (never `//other.example`, `/\other`, nor back to sign-in). */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/signin')) return '/tasks';
  return raw.slice(0, 2000);
}
