import { describe, expect, it } from 'vitest';
import { NotANumberError, parseWhere, queryList } from '../../src/domain/list-query.js';

const rows = [
  { id: 'a', stage: 'proposal', segment: 'A', value: 20000, skills: ['kanban'] },
  { id: 'b', stage: 'proposal', segment: 'B', value: 5000 },
  { id: 'c', stage: 'new', segment: 'A' },
  { id: 'd', stage: 'new', segment: 'a', value: 90000, priority: { level: 'High' } },
];
const q = (where: string[], sort?: string, limit?: number) =>
  queryList(rows, { where: where.map((w) => parseWhere(w)!), ...(sort && { sort: { field: sort.replace(/^-/, ''), descending: sort.startsWith('-') } }), ...(limit !== undefined && { limit }) }, (r) => r).map((r) => r.id);

describe('list filters and sorting', () => {
  it('reads where clauses', () => {
    expect(parseWhere('value>=10000')).toEqual({ field: 'value', op: '>=', values: ['10000'] });
    expect(parseWhere('segment=A|B')).toEqual({ field: 'segment', op: '=', values: ['A', 'B'] });
    expect(parseWhere('no operator')).toBeUndefined();
  });
  it('combines clauses with and; values case-insensitively; numbers as numbers', () => {
    expect(q(['stage=proposal', 'segment=A'])).toEqual(['a']);
    expect(q(['segment=a'])).toEqual(['a', 'c', 'd']);
    expect(q(['value>9000'])).toEqual(['a', 'd']);
    expect(q(['segment!=A'])).toEqual(['b']);
    expect(q(['skills=kanban'])).toEqual(['a']);
    expect(q(['priority.level=high'])).toEqual(['d']);
    expect(q(['stage=new|proposal', 'value<10000'])).toEqual(['b']);
  });
  it('refuses a number compared with a non-number, whatever the other clauses keep; text and = still compare as text', () => {
    const refused = (where: string[]) => {
      try {
        q(where);
      } catch (e) {
        return e instanceof NotANumberError ? { field: e.field, op: e.op, value: e.value } : e;
      }
      return 'not refused';
    };
    expect(refused(['value>abc'])).toEqual({ field: 'value', op: '>', value: 'abc' });
    expect(refused(['value<=10|abc'])).toEqual({ field: 'value', op: '<=', value: 'abc' });
    expect(refused(['stage=nothing', 'value>=abc'])).toEqual({ field: 'value', op: '>=', value: 'abc' });
    expect(q(['value=abc'])).toEqual([]);
    expect(q(['value!=abc'])).toEqual(['a', 'b', 'c', 'd']);
    expect(q(['stage>n', 'segment<b'])).toEqual(['a', 'c', 'd']);
  });
  it('sorts either way with missing values last, then limits', () => {
    expect(q([], '-value')).toEqual(['d', 'a', 'b', 'c']);
    expect(q([], 'value')).toEqual(['b', 'a', 'd', 'c']);
    expect(q([], '-value', 2)).toEqual(['d', 'a']);
  });
});
