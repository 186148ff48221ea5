export interface MentionCandidate {
  userId: number;
  /** Full name ("Maya Asset"); matched case-insensitively as `@Maya Asset`. */
  name?: string | null;
}

const WORD = /[\p{L}\p{N}_]/u;

/**
 * The candidates a comment @mentions, by id (`@131`) or by full name (`@Maya Asset`), in order of
 * first mention. A mention must start the text or follow a non-word character (so an email address
 * is not one) and end at a non-word character. The longest name wins (`@Ann Lee` over `@Ann`).
 */
export function parseMentions(body: string, candidates: MentionCandidate[]): number[] {
  const byName = candidates
    .filter((c) => c.name && c.name.trim())
    .map((c) => ({ userId: c.userId, name: c.name!.trim().toLowerCase() }))
    .sort((a, b) => b.name.length - a.name.length);
  const ids = new Set(candidates.map((c) => c.userId));
  const found: number[] = [];
  const add = (id: number) => {
    if (!found.includes(id)) found.push(id);
  };
  const lower = body.toLowerCase();
  for (let at = body.indexOf('@'); at !== -1; at = body.indexOf('@', at + 1)) {
    if (at > 0 && WORD.test(body[at - 1])) continue;
    const rest = body.slice(at + 1);
    const digits = /^\d{1,10}/.exec(rest)?.[0];
    if (digits && !WORD.test(rest[digits.length] ?? ' ')) {
      if (ids.has(Number(digits))) add(Number(digits));
      continue;
    }
    const restLower = lower.slice(at + 1);
    const hit = byName.find((c) => restLower.startsWith(c.name) && !WORD.test(restLower[c.name.length] ?? ' '));
    if (hit) add(hit.userId);
  }
  return found;
}
