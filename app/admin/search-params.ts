import type { z } from 'zod';

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** The first value of each search parameter (a bookmark may repeat one). */
export function firstValues(raw: RawSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && first !== '') out[k] = first;
  }
  return out;
}

/** A page's query from its URL; a hand-edited URL that does not parse shows the first page, not an error. */
export function pageQuery<S extends z.ZodType>(schema: S, raw: RawSearchParams): z.infer<S> {
  const parsed = schema.safeParse(firstValues(raw));
  return parsed.success ? parsed.data : schema.parse({});
}
