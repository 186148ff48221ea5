import { integrationPaths } from './integration';
import { ticketPaths } from './tickets';
import { workflowEnginePaths } from './workflow-engine';

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
        'Callers authenticate with an Auth Service token (HS256 JWT, Bearer header or `access_token` cookie) or a signed-in UI session. ' +
        'A POST/PUT identified by a cookie must come from the app itself: one a browser sends from another site (`Origin`, `Sec-Fetch-Site`) is refused with 403. ' +
        'Request bodies must be `application/json`.',
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
      ...workflowEnginePaths,
      ...integrationPaths,
    },
  };
}

