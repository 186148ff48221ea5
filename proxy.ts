import { NextResponse, type NextRequest } from 'next/server';
import { gateRequest } from './lib/api-gate';

/** Runs before routing: the API's 405, 404 and bad-path answers in its JSON error shape (lib/api-gate.ts). */
export function proxy(req: NextRequest) {
  return gateRequest(req.method, req.nextUrl.pathname) ?? NextResponse.next();
}
