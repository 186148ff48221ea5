import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './index';

/** Every route handler under app/, as an OpenAPI path with the methods it exports. */
function routeFiles(dir: string): Array<{ path: string; methods: string[] }> {
  const out: Array<{ path: string; methods: string[] }> = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full));
    else if (name === 'route.ts') {
      const rel = path.relative('app', path.dirname(full)).split(path.sep);
      const apiPath = '/' + rel.map((seg) => seg.replace(/^\[(.+)\]$/, '{$1}')).join('/');
      const source = readFileSync(full, 'utf8');
      const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) =>
        new RegExp(`export (const|async function|function) ${m}\\b|export \\{[^}]*\\b${m}\\b`).test(source),
      );
      out.push({ path: apiPath, methods });
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('documents every HTTP route and method the app serves', () => {
    const doc = openApiDocument();
    const documented = doc.paths as Record<string, Record<string, unknown>>;
    const routes = routeFiles('app').filter((r) => !r.path.startsWith('/api/auth/'));
    expect(routes.length).toBeGreaterThan(3);
    for (const r of routes) {
      // `/send` is served as `/send/` (HDTS posts with the slash).
      const key = documented[r.path] ? r.path : `${r.path}/`;
      expect(documented[key], `${r.path} is documented`).toBeDefined();
      for (const m of r.methods) expect(documented[key][m.toLowerCase()], `${m} ${r.path} is documented`).toBeDefined();
    }
  });
});
