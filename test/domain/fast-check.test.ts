/**
 * The quick yes in front of zod (src/model/fast-check.ts) must never say yes where zod says no,
 * and must say yes for the records a ledger really holds (else it saves nothing). Held to zod on
 * every file of the sample ledger and on generated variations of valid records of every kind.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRecordText } from '../../src/ledger/codec.js';
import { schemaError, surelyValid } from '../../src/model/fast-check.js';
import { KINDS, KIND_NAMES, kindOfPath, type KindName } from '../../src/model/kinds.js';
import { bunEventSchema, teamEventSchema } from '../../src/model/schemas.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'data', 'sample');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.md') ? [path] : [];
  });
}

/** Every record and event file of the sample ledger, with the schema that checks it. */
const SAMPLES = files(SAMPLE).flatMap((file) => {
  const path = relative(SAMPLE, file);
  const schema = /^buns\/[^/]+\/events\//.test(path) ? bunEventSchema : /^teams\/[^/]+\/events\//.test(path) ? teamEventSchema : kindOfPath(path) ? KINDS[kindOfPath(path)!.kind].schema : undefined;
  if (!schema) return [];
  const parsed = parseRecordText(readFileSync(file, 'utf8'), path);
  return parsed.problems.length ? [] : [{ path, schema: schema as z.ZodType, data: parsed.data }];
});

const agree = (schema: z.ZodType, value: unknown) => expect(surelyValid(schema, value)).toBe(schema.safeParse(value).success);

describe('the quick yes in front of zod', () => {
  it('says yes for every valid record and event of the sample ledger', () => {
    expect(SAMPLES.length).toBeGreaterThan(60);
    expect(new Set(SAMPLES.map((s) => s.path.split('/')[0])).size).toBeGreaterThanOrEqual(7);
    for (const { path, schema, data } of SAMPLES) {
      expect({ path, ok: schema.safeParse(data).success }).toEqual({ path, ok: true });
      expect({ path, quick: surelyValid(schema, data) }).toEqual({ path, quick: true });
    }
  });

  it('schemaError gives zod\'s error for an invalid value, and nothing for a valid one', () => {
    const lead = SAMPLES.find((s) => s.path.startsWith('leads/'))!;
    expect(schemaError(lead.schema, lead.data)).toBeUndefined();
    const bad = { ...lead.data, stage: 'maybe', created: '2026-02-30' };
    const error = schemaError(lead.schema, bad);
    expect(error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['created', 'stage']);
  });

  // Values zod's checks sit on the edge of: types, bounds, decimals, dates, ids, enums.
  const edge = fc.constantFrom<unknown>(
    undefined, null, true, false, 0, -0, 1, -1, 0.5, 1.005, 2.25, 3, 4, 5, 6, 12.345, 1e21, 2 ** 53, -(2 ** 53), NaN, Infinity, -Infinity,
    '', ' ', 'x', 'alice', 'Alice', 'acme-lms', '-acme', 'a--b', 'a'.repeat(64), 'a'.repeat(65), '2026-11-23', '2026-02-30', '2026-11-23T09:30:00Z',
    '2026-11-23T09:30:00', 'new', 'won', 'email', 'High', 'billable', 'fixed', 'draft', 'bun', 'offer', 'hourly', 'A', 'a@b', 'a@', [], [1], ['x'], {}, { a: 1 },
    [{}], Object.create(null), { constructor: 1 },
  );
  const someValue: fc.Arbitrary<unknown> = fc.oneof(edge, fc.anything(), fc.array(edge, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), edge, { maxKeys: 3 }));

  /** A copy of `data` with one value somewhere inside it replaced (or removed), or a key added. */
  function mutate(data: unknown, path: number[], value: unknown, remove: boolean): unknown {
    if (data === null || typeof data !== 'object') return value;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(data) ? [...data] : { ...(data as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (!path.length || !keys.length) {
      if (!Array.isArray(copy)) copy[`extra_${String(path.length)}`] = value;
      return copy;
    }
    const key = keys[path[0]! % keys.length]!;
    const at = copy as Record<string, unknown>;
    if (remove && path.length === 1) delete at[key];
    else at[key] = path.length === 1 ? value : mutate(at[key], path.slice(1), value, remove);
    return copy;
  }

  it('answers as zod does for valid records with one value changed, removed or added', () => {
    const schemas = [...KIND_NAMES.map((k: KindName) => KINDS[k].schema as z.ZodType), bunEventSchema, teamEventSchema];
    const bySchema = schemas.map((schema) => ({ schema, bases: SAMPLES.filter((s) => s.schema === schema).map((s) => s.data) })).filter((x) => x.bases.length);
    expect(bySchema.length).toBe(schemas.length);
    fc.assert(
      fc.property(
        fc.nat({ max: bySchema.length - 1 }), fc.nat(), fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 }), edge, fc.boolean(),
        (s, b, path, value, remove) => {
          const { schema, bases } = bySchema[s]!;
          agree(schema, mutate(bases[b % bases.length], path, value, remove));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never says yes where zod says no, for any value at all', () => {
    const schemas = [...KIND_NAMES.map((k: KindName) => KINDS[k].schema as z.ZodType), bunEventSchema, teamEventSchema];
    const bases = SAMPLES.map((s) => s.data);
    fc.assert(
      fc.property(fc.nat({ max: schemas.length - 1 }), fc.nat(), fc.array(fc.nat({ max: 40 }), { maxLength: 4 }), someValue, fc.boolean(), (s, b, path, value, remove) => {
        const schema = schemas[s]!;
        const v = mutate(bases[b % bases.length], path, value, remove);
        if (surelyValid(schema, v)) expect(schema.safeParse(v).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('is not sure of a schema construct it does not know', () => {
    expect(surelyValid(z.string().email(), 'a@example.com')).toBe(false);
    expect(surelyValid(z.string().transform((s) => s.length), 'x')).toBe(false);
    expect(surelyValid(z.object({ n: z.number().multipleOf(2) }), { n: 2 })).toBe(false);
    expect(surelyValid(z.object({ n: z.number().int() }), { n: 2 })).toBe(true);
    expect(surelyValid(z.strictObject({ n: z.number() }), { n: 2, m: 1 })).toBe(false);
    expect(z.strictObject({ n: z.number() }).safeParse({ n: 2, m: 1 }).success).toBe(false);
  });
});
