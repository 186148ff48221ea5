import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseActionForm } from './parse-action-form';

describe('parseActionForm', () => {
  it('turns the buttons into API actions', () => {
    expect(parseActionForm({ choice: 'transition:7', note: 'checked' })).toEqual({ action: 'transition', transition_id: 7, note: 'checked' });
    expect(parseActionForm({ choice: 'escalate', note: 'need help' })).toEqual({ action: 'escalate', reason: 'need help' });
    expect(parseActionForm({ choice: 'hold', note: '' })).toEqual({ action: 'hold' });
    expect(parseActionForm({ choice: 'finalize', note: 'done' })).toEqual({ action: 'finalize', note: 'done' });
  });
  it('refuses a transition without a note, naming the field', () => {
    try {
      parseActionForm({ choice: 'transition:7', note: '  ' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).issues?.map((i) => i.path)).toContain('note');
    }
  });
  it('says a note is too long, not that it is missing', () => {
    for (const choice of ['transition:7', 'finalize', 'escalate', 'hold']) {
      try {
        parseActionForm({ choice, note: 'x'.repeat(10_001) });
        expect.unreachable();
      } catch (err) {
        expect((err as AppError).issues?.map((i) => i.message)).toEqual([expect.stringContaining('at most 10,000 characters')]);
      }
    }
    expect(parseActionForm({ choice: 'finalize', note: 'x'.repeat(10_000) })).toMatchObject({ action: 'finalize' });
  });
  it('refuses an unknown choice', () => {
    expect(() => parseActionForm({ choice: 'delete', note: '' })).toThrow(AppError);
  });
});
