import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped, minorUnitsText } from '../../src/output/numbers.js';

describe('numbers as en-US writes them', () => {
  it('groups thousands and shows cents as toLocaleString does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom(0, -1, 999, 1000, -1000, 100, -100, 1050)), (n) => {
        expect(grouped(n)).toBe(n.toLocaleString('en-US'));
        expect(minorUnitsText(n)).toBe((n / 100).toLocaleString('en-US', { minimumFractionDigits: n % 100 ? 2 : 0, maximumFractionDigits: 2 }));
      }),
      { numRuns: 5000 },
    );
  });
});
