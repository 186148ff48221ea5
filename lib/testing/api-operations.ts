import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { allOperations, openApiDocument, type Operation } from '../openapi';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The route file that serves an operation: `{name}` segments are the `[name]` folders under app/. */
export function routeFileOf(op: Pick<Operation, 'path'>): string {
  const dir = op.path.replace(/\/$/, '').replace(/\{([^}]+)\}/g, '[$1]');
  return path.join(root, 'app', dir, 'route.ts');
}

/** The exported handler of an operation, as Next would call it. */
export async function handlerOf(op: Operation): Promise<Handler> {
  const mod = (await import(routeFileOf(op))) as Record<string, Handler | undefined>;
  const handler = mod[op.method.toUpperCase()];
  if (!handler) throw new Error(`${routeFileOf(op)} does not export ${op.method.toUpperCase()}`);
  return handler;
}

export const operationKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method.toUpperCase()} ${op.path}`;

/**
 * Validates a response body against what the served OpenAPI document says for that operation and
 * status (the generated JSON Schema, not the zod schema it came from); returns the errors, if any.
 */
export function responseValidator() {
  const doc = openApiDocument() as unknown as {
    components: { schemas: Record<string, unknown> };
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  if (addFormats.default) addFormats.default(ajv);
  else (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'tts-openapi', components: doc.components }, 'tts-openapi');
  const compiled = new Map<string, ReturnType<Ajv2020['compile']>>();
  return (op: Operation, status: number, body: unknown): string[] | null => {
    const documented = doc.paths[op.path]?.[op.method]?.responses?.[String(status)];
    if (!documented) return [`status ${status} is not documented for ${operationKey(op)}`];
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return null;
    const key = `${operationKey(op)} ${status}`;
    let validate = compiled.get(key);
    if (!validate) {
      const withRefs = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"tts-openapi#/components/'));
      validate = ajv.compile(withRefs);
      compiled.set(key, validate);
    }
    return validate(body) ? null : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  };
}

export { allOperations };
