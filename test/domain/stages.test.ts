import { describe, expect, it } from 'vitest';
import { allowedMoves, checkStageMove, isForwardMove } from '../../src/domain/stages.js';

describe('stage moves', () => {
  it('moves forward any number of steps', () => {
    expect(checkStageMove({ from: 'new', to: 'proposal' })).toEqual({ ok: true, backward: false });
  });
  it('needs a reason to move back', () => {
    expect(checkStageMove({ from: 'proposal', to: 'qualified' }).ok).toBe(false);
    expect(checkStageMove({ from: 'proposal', to: 'qualified', reason: 'budget cut' })).toEqual({ ok: true, backward: true });
  });
  it('wins only from proposal', () => {
    const r = checkStageMove({ from: 'discovery', to: 'won' });
    expect(r).toMatchObject({ ok: false, why: 'a lead is won only from the proposal stage' });
    expect(checkStageMove({ from: 'proposal', to: 'won' }).ok).toBe(true);
  });
  it('loses from any open stage, with a reason', () => {
    expect(checkStageMove({ from: 'new', to: 'lost' }).ok).toBe(false);
    expect(checkStageMove({ from: 'new', to: 'lost', reason: 'went elsewhere' }).ok).toBe(true);
    expect(checkStageMove({ from: 'on-hold', to: 'lost', reason: 'gone quiet' }).ok).toBe(true);
  });
  it('parks on hold and returns only to the stage it left', () => {
    expect(checkStageMove({ from: 'discovery', to: 'on-hold' }).ok).toBe(true);
    expect(checkStageMove({ from: 'on-hold', to: 'discovery', onHoldFrom: 'discovery' }).ok).toBe(true);
    expect(checkStageMove({ from: 'on-hold', to: 'proposal', onHoldFrom: 'discovery' }).ok).toBe(false);
  });
  it('treats won and lost as final', () => {
    expect(checkStageMove({ from: 'won', to: 'proposal', reason: 'x' }).ok).toBe(false);
    expect(allowedMoves('lost')).toEqual([]);
  });
  it('lists the allowed moves with their conditions', () => {
    expect(allowedMoves('qualified')).toEqual(['discovery', 'proposal', 'lost (needs --reason)', 'on-hold', 'new (needs --reason)']);
    expect(allowedMoves('proposal')).toContain('won');
    expect(allowedMoves('on-hold', 'qualified')).toEqual(['qualified', 'lost (needs --reason)']);
  });
  it('knows which moves commands may make (forward only)', () => {
    expect(isForwardMove('qualified', 'discovery')).toBe(true);
    expect(isForwardMove('proposal', 'discovery')).toBe(false);
    expect(isForwardMove('won', 'lost')).toBe(false);
  });
});
