import { describe, expect, it } from 'vitest';
import { isValidId, newId, randomSuffix, slugify } from '../../src/ledger/ids.js';

describe('ids', () => {
  it('mints <slug>-<4 lowercase Crockford base32>', () => {
    for (let i = 0; i < 200; i++) {
      const id = newId('LMS upgrade & single sign-on!');
      expect(id).toMatch(/^lms-upgrade-single-sign-[0-9a-hjkmnp-tv-z]{4}$/);
      expect(isValidId(id)).toBe(true);
    }
  });
  it('never uses i, l, o or u in the suffix', () => {
    const all = Array.from({ length: 500 }, () => randomSuffix()).join('');
    expect(all).not.toMatch(/[ilou]/);
  });
  it('slugifies accents and punctuation, and never returns an empty slug', () => {
    expect(slugify('Åsa Öberg-Ström')).toBe('asa-oberg-strom');
    expect(slugify('!!!')).toBe('record');
  });
  it('refuses ids with "..", "/", a leading "-", "--", upper case or over 64 characters', () => {
    for (const bad of ['../x', 'a/b', '-x', 'a--b', 'Acme', 'a'.repeat(65), '', 'a-', 'a b']) expect(isValidId(bad)).toBe(false);
    for (const good of ['alice', 'acme-lms-7f3k', 'a1', 'a'.repeat(64)]) expect(isValidId(good)).toBe(true);
  });
});
