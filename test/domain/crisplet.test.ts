import { describe, expect, it } from 'vitest';
import { crispletFee, crispletSwitchRefusal, daysInMonth, formatMinor, isMemberOn, memberDays } from '../../src/domain/crisplet.js';

const rates = { monthlyFee: 150, revenueShare: 0.03 };

describe('crisplet membership', () => {
  it('counts member days: on from its date, off from its date', () => {
    expect(memberDays([{ on: '2026-02-01' }], '2026-11')).toBe(30);
    expect(memberDays([{ on: '2026-11-10' }], '2026-11')).toBe(21); // joined mid-month: 10th..30th
    expect(memberDays([{ on: '2026-02-01' }, { off: '2026-11-21' }], '2026-11')).toBe(20); // left: 1st..20th
    expect(memberDays([{ on: '2026-11-05' }, { off: '2026-11-15' }], '2026-11')).toBe(10);
    expect(memberDays([{ on: '2026-02-01' }, { off: '2026-10-01' }], '2026-11')).toBe(0);
    expect(memberDays(undefined, '2026-11')).toBe(0);
    expect(memberDays([{ on: '2028-02-10' }], '2028-02')).toBe(20); // leap year: 29 days
    expect(daysInMonth('2028-02')).toBe(29);
    expect(isMemberOn([{ off: '2026-11-21' }, { on: '2026-01-01' }], '2026-11-20')).toBe(true); // order on disk does not matter
  });
  it('refuses a switch that switches nothing or goes back in time', () => {
    expect(crispletSwitchRefusal([], false, '2026-11-01')).toBe('not a crisplet member');
    expect(crispletSwitchRefusal([{ on: '2026-02-01' }], true, '2026-11-01')).toBe('already a crisplet member since 2026-02-01');
    expect(crispletSwitchRefusal([{ on: '2026-02-01' }], false, '2026-01-01')).toMatch(/must not be earlier/);
    expect(crispletSwitchRefusal([{ on: '2026-02-01' }], false, '2026-11-21')).toBeUndefined();
  });
});

describe('crispletFee', () => {
  it('a full month: flat fee plus the share of billed revenue', () => {
    const f = crispletFee({ ...rates, revenue: 20000, memberDays: 30, daysInMonth: 30 });
    expect(f.fee_minor).toBe(75000);
    expect(f.arithmetic).toBe('(150.00 + 3% × 20,000.00) × 30/30 = 750.00');
  });
  it('a member who joined mid-month pays pro rata', () => {
    const f = crispletFee({ ...rates, revenue: 20000, memberDays: memberDays([{ on: '2026-11-10' }], '2026-11'), daysInMonth: 30 });
    expect(f.fee_minor).toBe(52500); // 750 × 21/30
    expect(f.arithmetic).toBe('(150.00 + 3% × 20,000.00) × 21/30 = 525.00');
  });
  it('a member who left mid-month pays for the days before leaving, rounded half up to a cent', () => {
    const f = crispletFee({ ...rates, revenue: 8000.01, memberDays: memberDays([{ on: '2026-01-01' }, { off: '2026-11-21' }], '2026-11'), daysInMonth: 30 });
    // share: 3% × 800001 cents = 24000.03 → 24000; (15000 + 24000) × 20 / 30 = 26000
    expect(f).toMatchObject({ share_minor: 24000, full_month_minor: 39000, fee_minor: 26000, member_days: 20 });
    const odd = crispletFee({ ...rates, revenue: 12345.67, memberDays: 7, daysInMonth: 31 });
    // share 37037.01 → 37037; (15000 + 37037) × 7 / 31 = 11750.29 → 11750
    expect(odd.fee_minor).toBe(11750);
  });
  it('no revenue: the flat fee; no member days: nothing', () => {
    expect(crispletFee({ ...rates, revenue: 0, memberDays: 30, daysInMonth: 30 }).fee_minor).toBe(15000);
    expect(crispletFee({ ...rates, revenue: 5000, memberDays: 0, daysInMonth: 30 }).fee_minor).toBe(0);
  });
  it('formats minor units with thousands separators', () => {
    expect(formatMinor(123456789)).toBe('1,234,567.89');
    expect(formatMinor(5)).toBe('0.05');
  });
});
