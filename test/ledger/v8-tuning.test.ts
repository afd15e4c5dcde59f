import { cachedDataVersionTag } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { tuneV8 } from '../../src/ledger/v8-tuning.js';

// The parse worker raises V8's budget for a batch and puts the default back (v8-tuning.ts). V8's
// version tag for code caches includes its flags: while they differ, node compiles its own modules
// afresh, and a cache made then may not be taken by a run with the defaults.
describe('V8 tuning for a batch', () => {
  it('puts the flags back exactly as they were', () => {
    const before = cachedDataVersionTag();
    if (!tuneV8(true)) return; // another V8 than the one measured: nothing changes
    try {
      // The flags differ now: the test can tell.
      expect(cachedDataVersionTag()).not.toBe(before);
    } finally {
      expect(tuneV8(false)).toBe(true);
    }
    expect(cachedDataVersionTag()).toBe(before);
  });
});
