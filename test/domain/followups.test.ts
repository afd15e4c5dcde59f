import { describe, expect, it } from 'vitest';
import { followUps, type FollowUpLead } from '../../src/domain/followups.js';

const settings = { resend_after_days: 3, touches_goal: 7, quiet_after_days: 14, partner_report_every_days: 14 };
const today = '2026-11-23';
const seven = Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-${String(10 + i).padStart(2, '0')}`, channel: 'call' }));
const lead = (id: string, extra: Partial<FollowUpLead>): FollowUpLead => ({ id, stage: 'qualified', stage_entered: '2026-11-01', created: '2026-11-01', owner: 'alice', touches: seven, ...extra });

describe('follow-ups', () => {
  it('names each reason, overdue first within an owner', () => {
    const rows = followUps(
      [
        lead('due-today', { follow_up: '2026-11-23' }),
        lead('overdue', { follow_up: '2026-11-20', owner: 'bob' }),
        lead('later', { follow_up: '2026-11-26' }),
        lead('resend', { touches: [...seven.slice(0, 6), { date: '2026-11-19', channel: 'email' }] }),
        lead('answered', { touches: [...seven.slice(0, 5), { date: '2026-11-19', channel: 'email' }, { date: '2026-11-19', channel: 'email', direction: 'in' }] }),
        lead('quiet', { touches: [{ date: '2026-11-02', channel: 'call' }] }),
        lead('partner', { source: 'partner-referral', partner: { name: 'Axim', reported: '2026-11-05' } }),
        lead('closed', { stage: 'won', follow_up: '2026-11-01' }),
      ],
      [
        { id: 'sad', name: 'Sad Co', owner: 'bob', happiness: [{ date: '2026-11-01', score: 2 }, { date: '2026-10-01', score: 5 }] },
        { id: 'better', owner: 'bob', happiness: [{ date: '2026-10-01', score: 1 }, { date: '2026-11-01', score: 4 }] },
      ],
      settings,
      today,
    );
    expect(rows.map((r) => [r.owner, r.reason, r.lead ?? r.client, r.due, r.overdue])).toEqual([
      ['alice', 'under seven touches and quiet', 'quiet', '2026-11-16', true],
      ['alice', 'partner status due', 'partner', '2026-11-19', true], // reported 11-05, every 14 days
      ['alice', 'no reply: resend', 'resend', '2026-11-22', true],
      ['alice', 'due today', 'due-today', '2026-11-23', false],
      ['bob', 'unhappy client', 'sad', '2026-11-01', true],
      ['bob', 'overdue', 'overdue', '2026-11-20', true],
    ]);
    expect(rows[4]).toMatchObject({ title: 'Sad Co', detail: 'happiness 2 on 2026-11-01' });
  });
  it('widens the window with until: later follow-ups and partner reports falling due', () => {
    const rows = followUps(
      [lead('later', { follow_up: '2026-11-26' }), lead('partner', { source: 'partner-referral', partner: { name: 'Axim', reported: '2026-11-12' } })],
      [],
      settings,
      today,
      '2026-11-29',
    );
    expect(rows.map((r) => [r.reason, r.lead, r.due])).toEqual([
      ['due', 'later', '2026-11-26'],
      ['partner status due', 'partner', '2026-11-26'],
    ]);
  });
  it('counts a partner lead never reported from its creation', () => {
    const rows = followUps([lead('p', { source: 'partner-referral', created: '2026-11-09' })], [], settings, today);
    expect(rows.map((r) => [r.reason, r.due])).toEqual([['partner status due', '2026-11-23']]);
  });
});
