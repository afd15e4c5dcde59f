import { describe, expect, it } from 'vitest';
import {
  canonicalJson, fixedPriceLines, formatMinor, iterativeBudget, lineAmount, maintenanceInstances, maintenanceTierFor,
  priceLines, pricingSha256, roundHours, smallProjectLine, toCents,
} from '../../src/domain/pricing.js';

describe('money in minor units', () => {
  it('rounds each line half up once', () => {
    expect(lineAmount(10, 105)).toBe(105000);
    expect(lineAmount(0.01, 0.5)).toBe(1); // 0.005 → 0.01
    expect(lineAmount(0.01, 0.49)).toBe(0); // 0.0049 → 0.00
    expect(lineAmount(1.15, 105)).toBe(12075);
    expect(lineAmount(2.33, 99.99)).toBe(23298); // 232.9767 → 232.98
  });
  it('totals the rounded lines, not the rounded total', () => {
    const p = priceLines([
      { label: 'a', hours: 0.01, rate: 0.5 },
      { label: 'b', hours: 0.01, rate: 0.5 },
    ]);
    expect(p.lines.map((l) => l.amount)).toEqual([1, 1]);
    expect(p.amount).toBe(2); // not round(0.01) = 1
    expect(p.hours).toBe(0.02);
  });
  it('toCents is exact for two-decimal values that floats misrepresent', () => {
    expect(toCents(1.005)).toBe(101);
    expect(toCents(0.29)).toBe(29);
    expect(roundHours(2.345)).toBe(2.35);
  });
  it('formats minor units', () => {
    expect(formatMinor(1260000)).toBe('12,600.00');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(-123456)).toBe('-1,234.56');
  });
});

describe('fixed price', () => {
  const base = { rate: 105, meetingHoursPerMonth: 2, months: 1, managementOverhead: 0.15, unbilledDiscoveryHours: 0 };
  it('has a line per task, then meetings, management and unbilled discovery', () => {
    const lines = fixedPriceLines({ ...base, estimates: [{ task: 'Theme', hours: 12 }, { task: 'SSO', hours: 24 }], unbilledDiscoveryHours: 8 });
    expect(lines).toEqual([
      { label: 'Theme', hours: 12, rate: 105, from: 'estimate' },
      { label: 'SSO', hours: 24, rate: 105, from: 'estimate' },
      { label: 'Meetings (2 h/month × 1 month)', hours: 2, rate: 105, from: 'meetings' },
      { label: 'Management (15 % of tasks and meetings)', hours: 5.7, rate: 105, from: 'management' },
      { label: 'Discovery (not yet billed)', hours: 8, rate: 105, from: 'discovery' },
    ]);
    expect(priceLines(lines).amount).toBe(Math.round(51.7 * 105 * 100));
  });
  it('meetings scale with months; no discovery line when it was billed', () => {
    const lines = fixedPriceLines({ ...base, months: 3, estimates: [{ task: 'x', hours: 10 }] });
    expect(lines.find((l) => l.from === 'meetings')!.hours).toBe(6);
    expect(lines.find((l) => l.from === 'management')!.hours).toBe(2.4);
    expect(lines.some((l) => l.from === 'discovery')).toBe(false);
  });
  it('management hours round half up to 2 decimals', () => {
    const lines = fixedPriceLines({ ...base, meetingHoursPerMonth: 0, managementOverhead: 0.15, estimates: [{ task: 'x', hours: 0.3 }] });
    expect(lines.find((l) => l.from === 'management')!.hours).toBe(0.05); // 0.045 → 0.05
  });
});

describe('iterative', () => {
  it('budgets years from the monthly time bank', () => {
    expect(iterativeBudget({ hours_per_month: 20, rate: 105 }, 2)).toEqual([
      { year: 1, hours: 240, amount: 2520000 },
      { year: 2, hours: 240, amount: 2520000 },
    ]);
    expect(iterativeBudget({ hours_per_month: 20, rate: 105 }, 0)).toEqual([]);
  });
});

describe('small project', () => {
  it('a development block is at least 10 h', () => {
    expect(smallProjectLine({ blockHours: 10, rate: 105 })).toMatchObject({ ok: true, line: { hours: 10, from: 'block' } });
    expect(smallProjectLine({ blockHours: 9.99, rate: 105 })).toMatchObject({ ok: false });
  });
  it('a discovery is at most 5 h', () => {
    expect(smallProjectLine({ discoveryHours: 5, rate: 105 })).toMatchObject({ ok: true, line: { hours: 5, from: 'discovery' } });
    expect(smallProjectLine({ discoveryHours: 5.01, rate: 105 })).toMatchObject({ ok: false });
  });
  it('needs one of them', () => {
    expect(smallProjectLine({ rate: 105 })).toMatchObject({ ok: false });
  });
  it('never bills a waived discovery (tender rules forbid it); a block still works', () => {
    expect(smallProjectLine({ discoveryHours: 4, discoveryBilling: 'waived', rate: 105 })).toMatchObject({ ok: false, why: expect.stringContaining('waived') });
    expect(smallProjectLine({ discoveryHours: 4, discoveryBilling: 'on-acceptance', rate: 105 })).toMatchObject({ ok: true, line: { hours: 4, from: 'discovery' } });
    expect(smallProjectLine({ blockHours: 10, discoveryHours: 4, discoveryBilling: 'waived', rate: 105 })).toMatchObject({ ok: true, line: { hours: 10, from: 'block' } });
  });
});

describe('maintenanceTierFor', () => {
  it('1000 users is Tier 1, 1001 is Tier 2', () => {
    expect(maintenanceTierFor({ name: 'a', users: 1000, deployment: 'shared' }, 1).tier).toBe(1);
    const t = maintenanceTierFor({ name: 'a', users: 1001, deployment: 'shared' }, 1);
    expect(t).toEqual({ tier: 2, reasons: ['more than 1000 users (1001)'] });
  });
  it('dedicated, AWS (always dedicated) and several instances suggest Tier 2, with every reason', () => {
    expect(maintenanceTierFor({ name: 'a', users: 10, deployment: 'dedicated' }, 1)).toEqual({ tier: 2, reasons: ['dedicated deployment'] });
    expect(maintenanceTierFor({ name: 'a', users: 10, deployment: 'aws' }, 1)).toEqual({ tier: 2, reasons: ['AWS deployment (always dedicated)'] });
    expect(maintenanceTierFor({ name: 'a', users: 10, deployment: 'shared' }, 2)).toEqual({ tier: 2, reasons: ['several instances (2)'] });
    expect(maintenanceTierFor({ name: 'a', users: 5000, deployment: 'aws' }, 3).reasons).toHaveLength(3);
  });
  it('a small shared single instance is Tier 1 and says why', () => {
    expect(maintenanceTierFor({ name: 'a', users: 200, deployment: 'shared' }, 1)).toEqual({ tier: 1, reasons: ['at most 1000 users (200), shared deployment, one instance'] });
  });
  it('very large instances are billed hourly', () => {
    expect(maintenanceTierFor({ name: 'a', users: 100_000, deployment: 'aws' }, 1).tier).toBe(2);
    expect(maintenanceTierFor({ name: 'a', users: 100_001, deployment: 'aws' }, 1).tier).toBe('hourly');
  });
  it('the user may choose another tier; hours follow the chosen tier', () => {
    const tiers = { 1: 7, 2: 11 };
    const [a, b] = maintenanceInstances([{ name: 'a', users: 5000 }, { name: 'b', users: 10, deployment: 'shared' }], tiers, { a: 1, b: 'hourly' });
    expect(a).toMatchObject({ name: 'a', tier: 1, hours_per_month: 7, suggested_tier: 2 });
    expect(b).toMatchObject({ name: 'b', tier: 'hourly', suggested_tier: 2 });
    expect(b).not.toHaveProperty('hours_per_month');
  });
});

describe('pricing hash', () => {
  it('is canonical: key order and non-pricing fields do not matter', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }] })).toBe('{"a":[{"c":"x","d":2}],"b":1}');
    const a = pricingSha256({ kind: 'fixed', lines: [{ label: 'x', hours: 1, rate: 100, from: 'estimate' }] });
    const b = pricingSha256({ kind: 'fixed', lines: [{ rate: 100, hours: 1, label: 'x' }] });
    expect(a).toBe(b);
    expect(pricingSha256({ kind: 'fixed', lines: [{ label: 'x', hours: 2, rate: 100 }] })).not.toBe(a);
  });
});
