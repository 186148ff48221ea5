/** What an admin action tells its form: done (`ok`) or refused, as a sentence; `at` tells two results apart. */
export type AdminActionState = { ok: boolean; message: string; at: number } | null;
