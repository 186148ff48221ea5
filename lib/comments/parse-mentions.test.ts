import { describe, expect, it } from 'vitest';
import { parseMentions } from './parse-mentions';

const people = [
  { userId: 131, name: 'Maya Asset' },
  { userId: 121, name: 'Carla Coordinator' },
  { userId: 7, name: 'Ann' },
  { userId: 8, name: 'Ann Lee' },
];

describe('parseMentions', () => {
  it('finds participants by id and by full name, case-insensitively, in order, once each', () => {
    expect(parseMentions('@carla coordinator please ask @131, and @Maya Asset again', people)).toEqual([121, 131]);
  });
  it('prefers the longest name and needs a word boundary after it', () => {
    expect(parseMentions('cc @Ann Lee', people)).toEqual([8]);
    expect(parseMentions('cc @Ann.', people)).toEqual([7]);
    expect(parseMentions('cc @Annabel', people)).toEqual([]);
  });
  it('ignores non-participants, email addresses and ids that run on', () => {
    expect(parseMentions('@999 and maya@tts.local and @1311 and @131x', people)).toEqual([]);
  });
  it('handles text without any mention', () => {
    expect(parseMentions('no mentions here', people)).toEqual([]);
    expect(parseMentions('@', people)).toEqual([]);
  });
});
