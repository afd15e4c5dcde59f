import { describe, expect, it } from 'vitest';
import { progressLine, progressShown, startProgress } from '../../src/output/progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, columns: 80, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe('progress', () => {
  it('formats a line with counts and a percentage', () => {
    expect(progressLine('checking records', 1234, 5000)).toBe('checking records 1,234/5,000 (24%)');
    expect(progressLine('reading')).toBe('reading…');
  });

  it('shows only on a terminal, never with --json, --quiet or under CI', () => {
    expect(progressShown({ stream: fakeStream(true).stream }, {})).toBe(true);
    expect(progressShown({ stream: fakeStream(false).stream }, {})).toBe(false);
    expect(progressShown({ stream: fakeStream(true).stream, json: true }, {})).toBe(false);
    expect(progressShown({ stream: fakeStream(true).stream, quiet: true }, {})).toBe(false);
    expect(progressShown({ stream: fakeStream(true).stream }, { CI: 'true' })).toBe(false);
  });

  it('stays silent for quick work, draws after the delay, and erases itself', () => {
    const { stream, written } = fakeStream(true);
    let t = 0;
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      const p = startProgress({ stream, delayMs: 400, now: () => t });
      p.update('checking records', 1, 10);
      expect(written).toEqual([]);
      t = 500;
      p.update('checking records', 5, 10);
      t = 550;
      p.update('checking records', 6, 10); // throttled
      p.done();
      expect(written).toEqual(['\r\u001b[2Kchecking records 5/10 (50%)', '\r\u001b[2K']);
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
  });

  it('writes nothing into a pipe', () => {
    const { stream, written } = fakeStream(false);
    const p = startProgress({ stream, delayMs: 0, now: () => 1000 });
    p.update('x', 1, 2);
    p.done();
    expect(written).toEqual([]);
  });
});
