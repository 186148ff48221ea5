// Settings every test process needs; lib/env.ts validates them like any others.
process.env.JWT_SECRET ??= 'test-jwt-secret-0123456789abcdef';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdef';
(process.env as Record<string, string>).NODE_ENV ??= 'test';
// A busy broker (rabbitmqctl starting in a parallel file) can take seconds to accept a connection;
// a health check that says "down" then would be about load, not about what the test checks.
process.env.BROKER_HEALTH_TIMEOUT_MS ??= '10000';
