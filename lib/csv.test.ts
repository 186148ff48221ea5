import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"'], ['=SUM(A1)', null], [-3, new Date('2026-01-01T00:00:00Z')]])).toBe(
      'a,b\r\n"x, y","say ""hi"""\r\n\'=SUM(A1),\r\n-3,2026-01-01T00:00:00.000Z\r\n',
    );
  });
});
