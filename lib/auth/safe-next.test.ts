import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps paths of this app and refuses everything else', () => {
    expect(safeNext('/tasks/12?x=1')).toBe('/tasks/12?x=1');
    for (const bad of [null, '', 'https://evil.example/', '//evil.example', '/\\evil.example', '/signin/service', 'tasks']) expect(safeNext(bad)).toBe('/tasks');
  });
});
