import type { z } from 'zod';

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export const httpStatusByCode: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface ErrorIssue {
  path: string;
  message: string;
}

/** The one error type of the domain; edges map `code` to an HTTP status or a dead-letter. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** Errors that will fail the same way however often they are retried. */
  get isPermanent(): boolean {
    return ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PAYLOAD_TOO_LARGE'].includes(this.code);
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

/** Turns zod issues into `{path, message}` with dotted paths, as the 400 body lists them. */
export function zodIssues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): ErrorIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message: i.message,
  }));
}

export function invalidInput(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): AppError {
  const issues = zodIssues(error);
  return new AppError('INVALID_INPUT', `Invalid input: ${issues.map((i) => i.path).join(', ')}`, issues);
}

/** Parses untrusted input with a zod schema: the data, or INVALID_INPUT naming each bad field. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}
