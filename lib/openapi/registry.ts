import { z } from 'zod';
import { errorBodySchema } from '../errors';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One HTTP operation, documented from the same zod schemas its route parses with. The OpenAPI
 * document, the 405/404 gate (lib/api-gate.ts) and the property-based corpus all read this list.
 */
export interface Operation {
  method: HttpMethod;
  /** OpenAPI path: `{name}` for a dynamic segment, as the route folder's `[name]`. */
  path: string;
  tags: string[];
  summary: string;
  description?: string;
  /** Needs no credentials (security: []). */
  isPublic?: boolean;
  /** The schemas the route parses with (path parameters, query, headers, JSON body). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** Success responses by status; `schema` omitted only for non-JSON bodies. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Error statuses it can answer (each in the Error shape), with a description where it helps. */
  errors: Partial<Record<number, string>>;
}

/** Identity, for the type check and one place to change the convention. */
export const defineOperation = (op: Operation): Operation => op;

const defaultErrorText: Record<number, string> = {
  400: 'Invalid input; `issues` names each bad field',
  401: 'Missing, invalid or expired token',
  403: 'Not allowed (also: a cookie-identified request from another site)',
  404: 'Not found (or not visible to the caller)',
  405: 'Method not allowed; `Allow` lists the methods',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Body is not JSON',
  429: 'Too many requests; `Retry-After` says when to try again',
  503: 'A dependency is down',
};

/** Error statuses most authenticated operations share. */
export const authErrors = (...extra: number[]): Partial<Record<number, string>> =>
  Object.fromEntries([400, 401, ...extra].map((s) => [s, defaultErrorText[s] ?? 'Error']));

/** Plus what a JSON body adds; 403 since a cookie-identified write from another site is refused. */
export const bodyErrors = (...extra: number[]) => authErrors(403, 413, 415, ...extra);

type JsonSchema = Record<string, unknown>;

/** A request-side schema: what a caller may send (before transforms and defaults). */
export const inputJsonSchema = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', reused: 'inline' }));
/** A response-side schema: what TTS sends. */
export const outputJsonSchema = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: 'output', unrepresentable: 'any', reused: 'inline' }));

function strip(s: JsonSchema): JsonSchema {
  const { $schema: _drop, ...rest } = s;
  return rest;
}

function parameters(where: 'path' | 'query' | 'header', schema: z.ZodObject | undefined) {
  if (!schema) return [];
  const json = inputJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/** The OpenAPI 3.1 `paths` object for a list of operations. */
export function openApiPaths(ops: Operation[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema ? { description: r.description, content: { 'application/json': { schema: outputJsonSchema(r.schema) } } } : { description: r.description };
    }
    for (const [status, text] of Object.entries({ ...op.errors, 405: undefined })) {
      responses[status] = { description: text ?? defaultErrorText[Number(status)] ?? 'Error', content: { 'application/json': { schema: ERROR_REF } } };
    }
    (paths[op.path] ??= {})[op.method] = {
      tags: op.tags,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.isPublic ? { security: [] } : {}),
      parameters: [...parameters('path', op.params), ...parameters('query', op.query), ...parameters('header', op.headers)],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: inputJsonSchema(op.body) } } } } : {}),
      responses,
    };
  }
  return paths;
}

export const errorComponentSchema = () => outputJsonSchema(errorBodySchema);
