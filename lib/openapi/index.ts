/**
 * The HTTP contract of TTS as OpenAPI 3.1, generated from the zod schemas the routes parse with
 * and the response schemas next to the domain's JSON functions. Served at GET /api/openapi.json.
 *
 * How a new route adds its OpenAPI entry (the 405/404 gate and the tests read the same list, so an
 * undocumented route answers 404 in the running app and fails lib/openapi/openapi.test.ts):
 *
 * 1. Input schemas live in `lib/<domain>/schemas.ts` (path params, query, headers, JSON body), built
 *    on `lib/validation.ts` (`idLike`, `idNumber`, `pageLimit`, `pageOffset`, `text`, `storable`, ...).
 *    The route parses with exactly those: `parseWith(schema, params | query | await readJsonBody(req))`.
 * 2. The response schema is a zod object next to the function that builds the JSON
 *    (`lib/<domain>/<thing>-json.ts`, e.g. `ticketJsonSchema` beside `ticketJson`).
 * 3. Add a `defineOperation({ method, path, tags, summary, params?, query?, headers?, body?,
 *    responses: { 200: { description, schema } }, errors: authErrors(403, ...) })` to the area's file
 *    here (`tickets.ts`, `task-items.ts`, `workflows.ts`, `integration.ts`, `notifications.ts`, `operations.ts`, or a new
 *    `<area>.ts`), and list a new file's array in `allOperations` below. `path` is the URL with
 *    `{name}` for the route folder's `[name]`; `errors` lists every 4xx/5xx it can answer (405 is
 *    added to all). Use `.meta({ description, examples })` on a schema to document a field.
 * 4. Give the operation a valid example call in `app/api/contract.test.ts` (`examples`), which
 *    checks the real response against the documented schema; the hostile-input corpus
 *    (`app/api/hostile-input.test.ts`) picks the operation up by itself.
 */
import { errorComponentSchema, openApiPaths, type Operation } from './registry';
import { commentOperations } from './comments';
import { integrationOperations } from './integration';
import { notificationOperations } from './notifications';
import { operationsOperations } from './operations';
import { taskItemOperations } from './task-items';
import { ticketOperations } from './tickets';
import { workflowOperations } from './workflows';

export type { Operation } from './registry';

/** Every documented operation; the order is the document's. */
export const allOperations: Operation[] = [
  ...ticketOperations,
  ...taskItemOperations,
  ...commentOperations,
  ...workflowOperations,
  ...integrationOperations,
  ...notificationOperations,
  ...operationsOperations,
];

let cached: ReturnType<typeof build> | undefined;

/** The OpenAPI 3.1 document (built once per process). */
export function openApiDocument() {
  return (cached ??= build());
}

function build() {
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'TTS - Ticket Tracking System',
      version: '1.0.0',
      description:
        'Workflow engine for help-desk tickets. JSON is snake_case. Errors are `{ "error": { "code", "message", "issues"? } }`. ' +
        'Callers authenticate with an Auth Service token (HS256 JWT, Bearer header or `access_token` cookie) or a signed-in UI session. ' +
        'A POST/PUT identified by a cookie must come from the app itself: one a browser sends from another site (`Origin`, `Sec-Fetch-Site`) is refused with 403. ' +
        'Request bodies must be `application/json`, at most MAX_BODY_BYTES, nested at most 32 levels; no text may contain NUL or an unpaired UTF-16 surrogate. ' +
        'A method a path does not serve is 405 with `Allow`; an unknown `/api/` path is a JSON 404.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'access_token' },
      },
      schemas: { Error: errorComponentSchema() },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: openApiPaths(allOperations),
  };
}
