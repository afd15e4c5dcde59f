import { describe, expect, it } from 'vitest';
import { allowedBillings, decideDiscoveryBilling, parseEstimatesCsv, unbilledDiscoveryHours, updateEstimates } from '../../src/domain/discovery.js';

describe('discovery billing (DESIGN.md §6 table)', () => {
  it('defaults per row', () => {
    expect(allowedBillings('rfp', 'High')[0]).toBe('on-acceptance');
    expect(allowedBillings('tender', undefined)[0]).toBe('billable');
    expect(allowedBillings('website', 'High')[0]).toBe('billable');
    expect(allowedBillings('website', 'Low')).toEqual(['billable']);
    expect(decideDiscoveryBilling({ source: 'tender', priority: 'High' })).toEqual({ ok: true, billing: 'on-acceptance' });
  });
  it('a non-High RFP gets a normal paid discovery, and the refusal says so', () => {
    expect(decideDiscoveryBilling({ source: 'rfp', priority: 'Medium' })).toEqual({ ok: true, billing: 'billable' });
    const r = decideDiscoveryBilling({ source: 'rfp', priority: 'Medium', requested: 'on-acceptance' });
    expect(r).toMatchObject({ ok: false, code: 'billing-refused', hint: expect.stringContaining('--billing billable') });
  });
  it('a High RFP is billed on acceptance, not billable', () => {
    expect(decideDiscoveryBilling({ source: 'rfp', priority: 'High', requested: 'billable' })).toMatchObject({ ok: false, hint: 'use --billing on-acceptance' });
  });
  it('any other High lead may defer; a non-High one may not', () => {
    expect(decideDiscoveryBilling({ source: 'website', priority: 'High', requested: 'on-acceptance' })).toEqual({ ok: true, billing: 'on-acceptance' });
    expect(decideDiscoveryBilling({ source: 'website', priority: 'Low', requested: 'on-acceptance' })).toMatchObject({ ok: false });
    expect(decideDiscoveryBilling({ source: 'website', requested: 'on-acceptance' })).toMatchObject({ ok: false, why: expect.stringContaining('unscored') });
  });
  it('waived: only a High tender of a government client, with reason and a business developer', () => {
    const ok = { source: 'tender', priority: 'High', sector: 'government', requested: 'waived' as const, reason: 'tender rules §4', assessedByBusinessDeveloper: true };
    expect(decideDiscoveryBilling(ok)).toEqual({ ok: true, billing: 'waived' });
    expect(decideDiscoveryBilling({ ...ok, source: 'rfp' })).toMatchObject({ ok: false });
    expect(decideDiscoveryBilling({ ...ok, priority: 'Medium' })).toMatchObject({ ok: false });
    expect(decideDiscoveryBilling({ ...ok, sector: 'private' })).toMatchObject({ ok: false, why: expect.stringContaining('private client never') });
    expect(decideDiscoveryBilling({ ...ok, sector: 'nonprofit' })).toMatchObject({ ok: false, why: expect.stringContaining('nonprofit client never') });
    expect(decideDiscoveryBilling({ ...ok, sector: 'public' })).toMatchObject({ ok: false });
    expect(decideDiscoveryBilling({ ...ok, reason: ' ' })).toMatchObject({ ok: false, code: 'billing-needs-reason' });
    expect(decideDiscoveryBilling({ ...ok, assessedByBusinessDeveloper: undefined })).toMatchObject({ ok: false, code: 'billing-needs-assessment' });
    expect(decideDiscoveryBilling({ ...ok, assessedByBusinessDeveloper: false })).toMatchObject({ ok: false, code: 'billing-needs-assessment' });
  });
  it('unbilled hours are those of an on-acceptance discovery', () => {
    expect(unbilledDiscoveryHours({ billing: 'on-acceptance', budget_hours: 8 })).toBe(8);
    expect(unbilledDiscoveryHours({ billing: 'on-acceptance', budget_hours: 8, hours_spent: 6 })).toBe(6);
    expect(unbilledDiscoveryHours({ billing: 'billable', budget_hours: 8 })).toBe(0);
    expect(unbilledDiscoveryHours({ billing: 'waived', budget_hours: 8 })).toBe(0);
  });
});

describe('estimates', () => {
  it('add, change (same name), remove', () => {
    let r = updateEstimates([], { task: 'Theme', hours: 12 });
    expect(r).toEqual({ action: 'added', estimates: [{ task: 'Theme', hours: 12 }] });
    r = updateEstimates(r.estimates, { task: 'theme', hours: 14, notes: 'two themes' });
    expect(r).toEqual({ action: 'changed', estimates: [{ task: 'Theme', hours: 14, notes: 'two themes' }] });
    expect(updateEstimates(r.estimates, { task: 'THEME', remove: true })).toEqual({ action: 'removed', estimates: [] });
    expect(updateEstimates([], { task: 'x', remove: true }).action).toBe('missing');
  });
  it('reads CSV with a header and quoted fields', () => {
    const r = parseEstimatesCsv('task,hours,notes\nTheme,12,\n"SSO, SAML",24,"with ""Azure"""\nbad,x\n');
    expect(r.rows).toEqual([{ task: 'Theme', hours: 12 }, { task: 'SSO, SAML', hours: 24, notes: 'with "Azure"' }]);
    expect(r.errors).toEqual(['line 4: expected task,hours[,notes], got "bad,x"']);
  });
});
