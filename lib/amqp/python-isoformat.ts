/**
 * A UTC time as Python's `datetime.isoformat()` writes an aware one
 * (`2026-04-01T10:00:00.123000+00:00`), the form the Celery peers produce and parse: before
 * Python 3.11, `datetime.fromisoformat` rejects JavaScript's `...Z`.
 */
export function pythonIsoFormat(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
