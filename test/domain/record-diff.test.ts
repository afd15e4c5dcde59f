import { describe, expect, it } from 'vitest';
import { ledgerDiffMarkdown } from '../../src/domain/record-diff.js';

describe('ledgerDiffMarkdown', () => {
  it('names added, removed and changed records; stage moves; pricing deltas; sent versions', () => {
    const md = ledgerDiffMarkdown({
      range: 'main..deal/x',
      currency: 'EUR',
      records: [
        { kind: 'lead', id: 'l1', path: 'leads/l1.md', before: { title: 'LMS', stage: 'discovery', stage_entered: '2026-11-01', value: 100 }, after: { title: 'LMS', stage: 'proposal', stage_entered: '2026-11-23', value: 120 } },
        { kind: 'proposal', id: 'p1', path: 'proposals/p1.md', before: { title: 'LMS', kind: 'fixed', lines: [{ label: 'A', hours: 10, rate: 100 }] }, after: { title: 'LMS', kind: 'fixed', lines: [{ label: 'A', hours: 12.5, rate: 100 }], sent: [{ version: 1, template: 'fixed', by: 'alice', at: '2026-11-23T10:00:00Z' }] } },
        { kind: 'client', id: 'c1', path: 'clients/c1.md', after: { name: 'Gamma' } },
        { kind: 'person', id: 'x', path: 'people/x.md', before: { name: 'X' } },
      ],
    });
    expect(md).toBe(`## crisp diff \`main..deal/x\`

4 records: 1 added, 2 changed, 1 removed.

### Leads

- \`l1\` LMS
  - **stage**: discovery → proposal
  - value: 100 → 120

### Proposals

- \`p1\` LMS
  - **pricing**: 10 h → 12.5 h (+2.5 h), EUR 1,000.00 → EUR 1,250.00 (+EUR 250.00)
  - line \`A\`: 10 h × EUR 100.00 → 12.5 h × EUR 100.00
  - **sent** version 1 (template fixed, by alice at 2026-11-23T10:00:00Z)

### Clients

- **added** \`c1\` Gamma

### People

- **removed** \`x\` X
`);
  });
  it('takes a line relabelled in its place, hours and rate unchanged, for a rename; anything else is removed and added', () => {
    const line = (label: string, hours: number, rate = 100) => ({ label, hours, rate });
    const md = ledgerDiffMarkdown({
      range: 'a..b',
      currency: 'EUR',
      records: [
        {
          kind: 'proposal',
          id: 'p1',
          path: 'proposals/p1.md',
          before: { title: 'LMS', kind: 'fixed', lines: [line('SSO', 10), line('Theme', 5), line('Meetings', 2), line('Old extra', 1)] },
          after: { title: 'LMS', kind: 'fixed', lines: [line('Single sign-on', 10), line('Theme changes', 6), line('Meetings', 2), line('New report', 3), line('Handover', 1)] },
        },
      ],
    });
    expect(md.split('\n').filter((l) => l.startsWith('  - line'))).toEqual([
      '  - line `SSO` renamed `Single sign-on`',
      // Relabelled with other hours: perhaps other work, so said as it is.
      '  - line `Theme changes` added: 6 h × EUR 100.00',
      '  - line `New report` added: 3 h × EUR 100.00',
      '  - line `Handover` added: 1 h × EUR 100.00',
      '  - line `Theme` removed (was 5 h × EUR 100.00)',
      '  - line `Old extra` removed (was 1 h × EUR 100.00)',
    ]);
  });

  it('says so when nothing changed', () => {
    expect(ledgerDiffMarkdown({ range: 'a..b', currency: 'EUR', records: [] })).toBe('## crisp diff `a..b`\n\nNo ledger records changed.\n');
  });
});
