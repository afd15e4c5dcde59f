import { describe, expect, it } from 'vitest';
import { commitCount, crisp, lastCommitFiles, lastCommitMessage, makeTeamLedger, read } from '../helpers/cli.js';

describe('lead lifecycle', () => {
  it('adds a lead, touches it, moves and scores it: one commit per command', () => {
    const dir = makeTeamLedger();
    const before = commitCount(dir);
    const add = crisp(dir, ['--as', 'alice', '--json', 'lead', 'add', '--title', 'LMS upgrade', '--client', 'acme', '--source', 'website', '--value', '24000', '--follow-up', '7d', '--id', 'acme-lms']);
    expect(add.code).toBe(0);
    expect(add.json()).toMatchObject({ id: 'acme-lms', path: 'leads/acme-lms.md', stage: 'new', owner: 'alice', follow_up: '2026-11-30', created: '2026-11-23' });
    expect(lastCommitFiles(dir)).toEqual(['leads/acme-lms.md']);
    expect(lastCommitMessage(dir)).toBe('lead add: LMS upgrade (acme-lms)');
    expect(commitCount(dir)).toBe(before + 1);
  });
});
