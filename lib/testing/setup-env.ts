// Settings every test process needs; lib/env.ts validates them like any others.
process.env.JWT_SECRET ??= 'test-jwt-secret-0123456789abcdef';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdef';
(process.env as Record<string, string>).NODE_ENV ??= 'test';
