import { describe, expect, it } from 'vitest';
import { countFilters, isFiltered, parseListFilters, writeListFilters } from './list-filters';

const STATUSES = ['new', 'in_progress', 'breached'] as const;
const parse = (params: Record<string, string | string[]>, sla = true) => parseListFilters(params, { statuses: STATUSES, sla });

describe('the list filters of /tasks and /tickets', () => {
  it('take several values per filter, comma-separated or repeated, dropping what is not ours', () => {
    expect(
      parse({
        status: ['new,breached', 'deleted', 'new'],
        priority: 'Critical,Urgent,High',
        workflow: '3,x,-1,4,3,99999999999',
        step: ['Triage', 'Review, then approve', ''],
        sla: 'at_risk,late,breached',
        q: '  laptop\u0000return ',
      }),
    ).toEqual({
      status: ['new', 'breached'],
      priority: ['Critical', 'High'],
      workflow: [3, 4],
      step: ['Triage', 'Review, then approve'],
      sla: ['at_risk', 'breached'],
      q: 'laptop return',
    });
    expect(parse({ sla: 'breached' }, false).sla).toEqual([]);
    expect(parse({ step: 'x'.repeat(201) }).step).toEqual([]);
    expect(parse({ step: '\ud800' }).step).toEqual([]);
    expect(parse({ workflow: Array.from({ length: 40 }, (_, i) => String(i + 1)).join(',') }).workflow).toHaveLength(25);
  });

  it('write what they read: a filtered list is a bookmark', () => {
    const f = parse({ status: 'new,breached', priority: 'High', workflow: '3,4', step: ['Triage', 'Review, then approve'], sla: 'at_risk', q: 'a&b' });
    const p = new URLSearchParams();
    writeListFilters(p, f);
    expect(p.toString()).toBe('status=new%2Cbreached&priority=High&workflow=3%2C4&step=Triage&step=Review%2C+then+approve&sla=at_risk&q=a%26b');
    const back: Record<string, string | string[]> = {};
    for (const key of new Set(p.keys())) back[key] = p.getAll(key).length > 1 ? p.getAll(key) : p.get(key)!;
    expect(parse(back)).toEqual(f);
    expect([countFilters(f), isFiltered(f), isFiltered(parse({})), isFiltered(parse({ q: 'x' })), countFilters(parse({ q: 'x' }))]).toEqual([5, true, false, true, 0]);
  });
});
