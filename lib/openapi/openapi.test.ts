import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { routeFileOf } from '../testing/api-operations';
import { allOperations, openApiDocument } from './index';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Every route handler under app/, as an OpenAPI path with the methods it exports. */
function routeFiles(dir: string): Array<{ file: string; path: string; methods: string[] }> {
  const out: Array<{ file: string; path: string; methods: string[] }> = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full));
    else if (name === 'route.ts') {
      const rel = path.relative('app', path.dirname(full)).split(path.sep);
      const apiPath = '/' + rel.map((seg) => seg.replace(/^\[(.+)\]$/, '{$1}')).join('/');
      const source = readFileSync(full, 'utf8');
      const reExport = /export \{[^}]*\}\s*from/.test(source) || /export const \{[^}]*\}/.test(source);
      const methods = METHODS.filter((m) =>
        new RegExp(`export (const|async function|function) ${m}\\b|export (const )?\\{[^}]*\\b${m}\\b`).test(source),
      );
      out.push({ file: full, path: apiPath, methods: reExport && !methods.length ? ['?'] : methods });
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  const doc = openApiDocument();
  const documented = doc.paths as Record<string, Record<string, any>>;

  it('documents exactly the methods each route file exports, and nothing a route file does not serve', () => {
    // next-auth's own routes, and the CSV downloads that belong to a page (for its signed-in
    // browser, text/csv: not part of the HTTP API; e2e/dashboard.spec.ts and e2e/admin-console.spec.ts
    // test them), are not documented.
    const PAGE_DOWNLOADS = new Set(['/dashboard/export', '/admin/audit/export']);
    const routes = routeFiles('app').filter((r) => !r.path.startsWith('/api/auth/') && !PAGE_DOWNLOADS.has(r.path));
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) {
      const key = documented[r.path] ? r.path : `${r.path}/`; // `/send` is served as `/send/`
      expect(documented[key], `${r.path} is documented`).toBeDefined();
      expect(Object.keys(documented[key]).map((m) => m.toUpperCase()).sort(), `${r.file}`).toEqual([...r.methods].sort());
    }
    for (const op of allOperations) expect(existsSync(routeFileOf(op)), `${op.method} ${op.path} has ${routeFileOf(op)}`).toBe(true);
  });

  it('gives every operation its path parameters, a JSON schema for each response, and the Error schema for each refusal', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const compile = (schema: unknown) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')));
    expect(doc.openapi).toBe('3.1.0');
    for (const [p, ops] of Object.entries(documented)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${p}`;
        const declared = (op.parameters ?? []).filter((x: any) => x.in === 'path').map((x: any) => x.name).sort();
        expect(declared, `${where} path parameters`).toEqual([...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort());
        expect(op.summary, where).toBeTruthy();
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith('2')), `${where} has a success response`).toBe(true);
        expect(statuses, `${where} documents 405`).toContain('405');
        for (const [status, res] of Object.entries<any>(op.responses)) {
          const schema = res.content?.['application/json']?.schema;
          expect(schema, `${where} ${status} has a JSON schema`).toBeDefined();
          // Health's 503 is the health report itself (the database is down), not an error body.
          if (Number(status) >= 400 && `${where} ${status}` !== 'GET /api/health 503') expect(schema, `${where} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
          expect(() => compile(schema), `${where} ${status} compiles`).not.toThrow();
        }
        if (op.requestBody) expect(() => compile(op.requestBody.content['application/json'].schema), `${where} body compiles`).not.toThrow();
        if (['post', 'put', 'patch'].includes(method) && op.requestBody) expect(statuses, where).toEqual(expect.arrayContaining(['400', '413', '415']));
        if (!op.security) expect(statuses, `${where} needs credentials`).toContain('401');
      }
    }
  });

  it('is generated from the zod schemas the routes parse with (a change there shows here)', () => {
    const body = documented['/api/v1/task-items/{id}/actions'].post.requestBody.content['application/json'].schema;
    const actions = body.oneOf.map((o: any) => o.properties.action.const).sort();
    expect(actions).toEqual(['escalate', 'finalize', 'hold', 'open', 'resume', 'take_over', 'transfer', 'transition']);
    const id = documented['/api/v1/workflows/{id}'].get.parameters.find((x: any) => x.name === 'id').schema;
    expect(JSON.stringify(id)).toContain('"maximum":2147483647');
  });
});
