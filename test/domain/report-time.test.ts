import { describe, expect, it } from 'vitest';
import { endOfDayIn, startOfDayIn } from '../../src/domain/time.js';
import { bar, csvText, markdownTable } from '../../src/output/report-formats.js';

describe('day edges in a timezone', () => {
  it('finds midnight and the last millisecond of a date', () => {
    expect(startOfDayIn('2026-09-30', 'Europe/Stockholm').toISOString()).toBe('2026-09-29T22:00:00.000Z');
    expect(endOfDayIn('2026-09-30', 'Europe/Stockholm').toISOString()).toBe('2026-09-30T21:59:59.999Z');
    expect(endOfDayIn('2026-12-31', 'Europe/Stockholm').toISOString()).toBe('2026-12-31T22:59:59.999Z');
    expect(endOfDayIn('2026-03-29', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T21:59:59.999Z'); // DST starts that day
    expect(endOfDayIn('2026-11-23', 'UTC').toISOString()).toBe('2026-11-23T23:59:59.999Z');
    expect(endOfDayIn('2026-11-23', 'America/New_York').toISOString()).toBe('2026-11-24T04:59:59.999Z');
  });
});

describe('report formats', () => {
  it('writes CSV with quoting where needed', () => {
    expect(csvText(['a', 'b'], [{ a: 'x,y', b: ['p', 'q'] }, { a: 'say "hi"', b: null }])).toBe('a,b\r\n"x,y",p; q\r\n"say ""hi""",\r\n');
  });
  it('writes Markdown tables with escaped pipes', () => {
    expect(markdownTable([{ key: 'a', header: 'A' }, { key: 'n', header: 'N', align: 'right' }], [{ a: 'x|y', n: 3 }])).toBe('| A | N |\n| --- | ---: |\n| x\\|y | 3 |\n');
  });
  it('draws bars in eighths', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 3)).toBe('█▌');
    expect(bar(0, 10)).toBe('');
  });
});
