import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maintenanceInstances, sha256 } from '../../src/domain/pricing.js';
import { proposalView, type ViewInput } from '../../src/render/proposal-view.js';
import { loadTemplate, renderTemplate } from '../../src/render/template.js';

const emptyLedger = () => mkdtempSync(join(tmpdir(), 'crisp-render-'));
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

const base: Omit<ViewInput, 'proposal'> = {
  collective: { name: 'Fika Collective', currency: 'EUR' },
  body: 'Prices exclude VAT.\n',
  lead: { id: 'acme-lms', title: 'LMS upgrade', source: 'website', client: 'acme' },
  client: { id: 'acme', name: 'Acme Learning', sector: 'private' },
  discovery: { id: 'acme-disc', billing: 'on-acceptance', budget_hours: 8, hours_spent: 6, assignee: 'carol', estimates: [{ task: 'Theme changes', hours: 12 }, { task: 'SSO', hours: 24, notes: 'SAML' }] },
  people: { carol: { name: 'Carol Carlsson', email: 'carol@example.coop' } },
};

const proposals: Record<string, ViewInput['proposal']> = {
  fixed: {
    id: 'acme-prop', lead: 'acme-lms', discovery: 'acme-disc', kind: 'fixed', status: 'draft', created: '2026-11-23', rate: 105, months: 2,
    lines: [
      { label: 'Theme changes', hours: 12, rate: 105, from: 'estimate' },
      { label: 'SSO', hours: 24, rate: 105, from: 'estimate' },
      { label: 'Meetings (2 h/month × 2 months)', hours: 4, rate: 105, from: 'meetings' },
      { label: 'Management (15 % of tasks and meetings)', hours: 6, rate: 105, from: 'management' },
      { label: 'Discovery (not yet billed)', hours: 6, rate: 105, from: 'discovery' },
    ],
  },
  iterative: { id: 'acme-iter', lead: 'acme-lms', discovery: 'acme-disc', kind: 'iterative', status: 'draft', created: '2026-11-23', rate: 105, time_bank: { hours_per_month: 40, rate: 105 }, budget_years: 2 },
  maintenance: {
    id: 'acme-maint', lead: 'acme-lms', kind: 'maintenance', status: 'draft', created: '2026-11-23', rate: 120,
    instances: maintenanceInstances([{ name: 'learn.acme.example', users: 40000, deployment: 'aws' }, { name: 'staff.acme.example', users: 300, deployment: 'shared' }], { 1: 7, 2: 11 }, { 'staff.acme.example': 1 }),
  },
  small: { id: 'acme-small', lead: 'acme-lms', kind: 'small', status: 'draft', created: '2026-11-23', rate: 105, lines: [{ label: 'Development block (deliver what we can in 10 h)', hours: 10, rate: 105, from: 'block' }] },
};

describe('default templates', () => {
  const root = emptyLedger();
  for (const [kind, proposal] of Object.entries(proposals)) {
    it(`renders ${kind} (snapshot)`, () => {
      const r = renderTemplate(loadTemplate(root, kind), proposalView({ ...base, proposal }), COMMIT);
      expect(r.text).toMatchSnapshot();
      expect(r.content_sha256).toBe(sha256(r.body));
      expect(r.text.startsWith(r.body)).toBe(true);
    });
  }
  it('renders the executive summary for every kind (snapshot)', () => {
    const out = Object.values(proposals).map((proposal) => renderTemplate(loadTemplate(root, 'executive-summary'), proposalView({ ...base, proposal }), COMMIT).text);
    expect(out.join('\n=====\n')).toMatchSnapshot();
  });
  it('is deterministic: the same inputs give identical bytes', () => {
    const once = () => renderTemplate(loadTemplate(root, 'fixed'), proposalView({ ...base, proposal: proposals.fixed! }), COMMIT).text;
    expect(Buffer.from(once()).equals(Buffer.from(once()))).toBe(true);
  });
  it('ends with the provenance block: commit, template name and hash, rendered-text hash', () => {
    const t = loadTemplate(root, 'fixed');
    const r = renderTemplate(t, proposalView({ ...base, proposal: proposals.fixed! }), COMMIT);
    expect(r.text.slice(r.body.length)).toBe(
      `\n---\n\nProvenance (crisp):\n- ledger commit: ${COMMIT}\n- template: fixed (default), sha256 ${t.sha256}\n- rendered text sha256: ${r.content_sha256}\n`,
    );
  });
});

describe('ledger templates', () => {
  const root = emptyLedger();
  mkdirSync(join(root, 'templates'));
  writeFileSync(join(root, 'templates', 'fixed.liquid'), 'Our own: {{ proposal.total.amount }}\n');
  writeFileSync(join(root, 'templates', 'bad.liquid'), '# {{ proposal.title }}\n\nDear {{ client.contact_person }},\n');
  writeFileSync(join(root, 'templates', 'loop.liquid'), '{% for i in (1..100000000) %}{{ proposal.title }}{% endfor %}');
  const view = proposalView({ ...base, proposal: proposals.fixed! });
  it('override the defaults of the same name, hashed as read', () => {
    const t = loadTemplate(root, 'fixed');
    expect(t.origin).toBe('ledger');
    expect(t.sha256).toBe(sha256('Our own: {{ proposal.total.amount }}\n'));
    expect(renderTemplate(t, view, null).body).toBe('Our own: EUR 5,460.00\n');
  });
  it('an unknown variable fails naming the template and the line', () => {
    expect(() => renderTemplate(loadTemplate(root, 'bad'), view, null)).toThrowError(/template "bad" failed at templates\/bad\.liquid line 3: unknown variable client\.contact_person/);
  });
  it('a runaway loop is stopped by the size cap or the time limit', () => {
    expect(() => renderTemplate(loadTemplate(root, 'loop'), view, null)).toThrowError(/template "loop"/);
  });
  it('templates cannot read files', () => {
    writeFileSync(join(root, 'templates', 'sneaky.liquid'), "{% include '/etc/passwd' %}");
    expect(() => renderTemplate(loadTemplate(root, 'sneaky'), view, null)).toThrowError(/template "sneaky"/);
  });
  it('an unknown template lists the ones there are', () => {
    expect(() => loadTemplate(root, 'nope')).toThrowError(/there is no template "nope"/);
    expect(() => loadTemplate(root, '../etc')).toThrowError(/not a template name/);
  });
});
