import { ticketPaths } from './tickets';

/**
 * The HTTP contract of TTS as OpenAPI 3.1, served at GET /api/openapi.json. Each area documents
 * its own paths in a file of this folder; a test checks every route under app/api is listed.
 */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TTS - Ticket Tracking System',
      version: '1.0.0',
      description:
        'Workflow engine for help-desk tickets. JSON is snake_case. Errors are `{ "error": { "code", "message", "issues"? } }`. ' +
        'Callers authenticate with an Auth Service token (HS256 JWT, Bearer header or `access_token` cookie) or a signed-in UI session.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'access_token' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', examples: ['INVALID_INPUT', 'UNAUTHENTICATED', 'NOT_FOUND'] },
                message: { type: 'string' },
                issues: {
                  type: 'array',
                  items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
                },
              },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: {
      ...ticketPaths,
    },
  };
}

/** Shorthand for the error responses most operations share. */
export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: errorText[c] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );

const errorText: Record<number, string> = {
  400: 'Invalid input; `issues` names each bad field',
  401: 'Missing, invalid or expired token',
  403: 'Not allowed',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Body is not JSON',
  503: 'A dependency is down',
};
