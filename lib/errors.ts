import { z } from 'zod';

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export const httpStatusByCode: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface ErrorIssue {
  path: string;
  message: string;
}

export const ERROR_CODES = Object.keys(httpStatusByCode) as ErrorCode[];

/** The one JSON error shape, `{"error": {"code", "message", "issues"?}}` (OpenAPI `Error`). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: 'Each bad field' }),
    }),
  });

/** The one error type of the domain; edges map `code` to an HTTP status or a dead-letter. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    /** Response headers that belong to the error (`Allow` on a 405). */
    readonly headers?: Record<string, string>,
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

/** An AppError as the HTTP response of the one JSON error shape. */
export function appErrorResponse(err: AppError): Response {
  const body = { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
  return Response.json(body, { status: httpStatusByCode[err.code], headers: err.headers });
}

/** 405 in the error shape, with the `Allow` header RFC 9110 asks for. */
export function methodNotAllowed(method: string, allow: string[]): Response {
  return appErrorResponse(
    new AppError('METHOD_NOT_ALLOWED', `${method} is not allowed here; use ${allow.join(', ')}`, undefined, { Allow: allow.join(', ') }),
  );
}
