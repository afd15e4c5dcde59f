/**
 * Record ids: `<slug>-<4 random base32>` so two people on two branches never mint the same id
 * (DESIGN.md §2, §6). Lowercase Crockford base32 without i, l, o, u.
 */
import { randomBytes } from 'node:crypto';

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ID_MAX = 64;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function isValidId(id: string): boolean {
  return id.length > 0 && id.length <= ID_MAX && ID_PATTERN.test(id);
}

export function randomSuffix(length = 4): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A slug from free text: ascii letters and digits, words joined by `-`, short enough for an id. */
export function slugify(text: string, maxWords = 4, maxLength = 40): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, maxWords);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || 'record';
}

export function newId(text: string): string {
  return `${slugify(text)}-${randomSuffix()}`;
}
