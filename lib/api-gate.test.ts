import { describe, expect, it } from 'vitest';
import { gateRequest } from './api-gate';
import { allOperations } from './openapi';

async function body(res: Response | null) {
  expect(res).not.toBeNull();
  return { status: res!.status, allow: res!.headers.get('allow'), json: await res!.json() };
}

describe('the gate in front of every route (proxy.ts)', () => {
  it('lets every documented operation through, with HEAD where GET is and OPTIONS everywhere', () => {
    for (const op of allOperations) {
      const path = op.path.replace(/\{[^}]+\}/g, '1');
      expect(gateRequest(op.method.toUpperCase(), path), `${op.method} ${path}`).toBeNull();
      expect(gateRequest('OPTIONS', path)).toBeNull();
      if (op.method === 'get') expect(gateRequest('HEAD', path)).toBeNull();
    }
    expect(gateRequest('POST', '/send')).toBeNull();
    expect(gateRequest('GET', '/api/auth/session')).toBeNull();
    expect(gateRequest('GET', '/tasks/12')).toBeNull();
    expect(gateRequest('POST', '/tasks/12')).toBeNull(); // server actions
  });

  it('answers a method the path does not serve with 405, Allow and the JSON error', async () => {
    const res = await body(gateRequest('DELETE', '/api/v1/tickets'));
    expect(res.status).toBe(405);
    expect(res.allow).toBe('GET, HEAD, OPTIONS, POST');
    expect(res.json.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(res.json.error.message).toMatch(/DELETE/);
    expect((await body(gateRequest('GET', '/send/'))).allow).toBe('OPTIONS, POST');
    expect((await body(gateRequest('PATCH', '/api/v1/workflows/7'))).allow).toBe('GET, HEAD, OPTIONS, PUT');
    expect((await body(gateRequest('PUT', '/api/auth/session'))).status).toBe(405);
  });

  it('answers TRACE and other methods outside Next\'s list with 405 on any path', async () => {
    for (const [method, path] of [
      ['TRACE', '/api/v1/tickets'],
      ['TRACK', '/api/health'],
      ['PROPFIND', '/tasks'],
      ['CONNECT', '/'],
      ['FOO', '/api/nothing'],
    ]) {
      const res = await body(gateRequest(method, path));
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.allow).toBeTruthy();
      expect(res.json.error.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('answers unknown /api/ paths with a JSON 404', async () => {
    for (const path of ['/api', '/api/', '/api/v2/tickets', '/api/v1/tickets/TX1/extra', '/api/v1/task-items//actions', '/api/v1/workflows/1/unknown']) {
      const res = await body(gateRequest('GET', path));
      expect(res.status, path).toBe(404);
      expect(res.json.error.code).toBe('NOT_FOUND');
    }
  });

  it('answers invalid percent-encoding and unstorable path text with 400', async () => {
    for (const path of ['/api/v1/tickets/%E0%A4%A', '/api/v1/tickets/%', '/api/v1/task-items/%ZZ', '/api/v1/tickets/%00', '/api/v1/tickets/%ED%A0%80', '/send/%C0%AF']) {
      const res = await body(gateRequest('GET', path));
      expect(res.status, path).toBe(400);
      expect(res.json.error.code).toBe('INVALID_INPUT');
      expect(res.json.error.issues[0].path).toBe('(path)');
    }
  });
});
