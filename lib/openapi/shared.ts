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
