/**
 * A quick yes for the common case of schema checking: each zod schema is compiled once into a
 * plain predicate that answers true only when zod would surely accept the value. Anything it
 * does not answer yes for (an invalid value, or a schema construct it does not know) goes to zod,
 * which gives the issues and their paths. Nearly every record in a ledger is valid, and zod's
 * general machinery took about a quarter of the time a cold `validate` spends making each file's
 * cache entry (bench/README.md).
 *
 * Only the constructs crisp's schemas use are compiled (strings, numbers, enums, literals,
 * unions, arrays, loose objects, records, optionals, and the checks on them: lengths, regex,
 * bounds, safe integers, refinements); any other compiles to "not sure". Each compiled check is
 * at least as strict as zod's own, so a yes here is a success there:
 * test/domain/fast-check.test.ts holds the two to the same answer on the sample ledger and on
 * generated variations of it.
 */
import type { z } from 'zod';

type Pred = (v: unknown) => boolean;

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
  fn?: (v: unknown) => unknown;
}

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, Schema>;
  catchall?: Schema;
  innerType?: Schema;
  element?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  options?: Schema[];
  entries?: Record<string, unknown>;
  values?: unknown[];
  coerce?: boolean;
}

type Schema = { _zod: { def: Def } };

const NOT_SURE: Pred = () => false;
const compiled = new WeakMap<object, Pred>();

/** Whether zod surely accepts `value` for `schema` (false: ask zod). */
export function surelyValid(schema: z.ZodType, value: unknown): boolean {
  return compile(schema as unknown as Schema)(value);
}

/** zod's error for `value`, or undefined when it is valid: the quick yes first, zod only when it is not sure. */
export function schemaError(schema: z.ZodType, value: unknown): z.ZodError | undefined {
  if (surelyValid(schema, value)) return undefined;
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error;
}

function compile(schema: Schema): Pred {
  let pred = compiled.get(schema);
  if (!pred) {
    pred = build(schema._zod.def);
    compiled.set(schema, pred);
  }
  return pred;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What zod's record check takes for an object (its isPlainObject, step by step). */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const ctor = v.constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = ctor.prototype;
  return isObject(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/** The types whose checks are compiled (withChecks); a check on any other type is left to zod. */
const CHECKED_TYPES = new Set(['string', 'number', 'array']);

function build(def: Def): Pred {
  if (def.coerce || (def.checks?.length && !CHECKED_TYPES.has(def.type))) return NOT_SURE;
  switch (def.type) {
    case 'string':
      return withChecks((v) => typeof v === 'string', def.checks);
    case 'number':
      return withChecks((v) => typeof v === 'number' && Number.isFinite(v), def.checks);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
    case 'any':
      return () => true;
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      // A TypeScript numeric enum has reverse entries: zod filters those; not needed here.
      if ([...values].some((x) => typeof x !== 'string')) return NOT_SURE;
      return (v) => values.has(v);
    }
    case 'literal': {
      const values = new Set(def.values ?? []);
      return (v) => values.has(v);
    }
    case 'optional': {
      const inner = compile(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'union': {
      const options = (def.options ?? []).map(compile);
      return (v) => options.some((o) => o(v));
    }
    case 'array': {
      const element = compile(def.element!);
      // Every index, holes too (every() would skip a hole; zod checks it as undefined).
      return withChecks((v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      }, def.checks);
    }
    case 'object':
      return objectPred(def);
    case 'record': {
      const key = def.keyType!._zod.def;
      // Keys that are any string: other key types (enums, patterns) have rules of their own.
      if (key.type !== 'string' || key.checks?.length || key.coerce) return NOT_SURE;
      const value = compile(def.valueType!);
      return (v) => isPlain(v) && !Object.getOwnPropertySymbols(v).length && Object.keys(v).every((k) => value(v[k]));
    }
    default:
      return NOT_SURE;
  }
}

function objectPred(def: Def): Pred {
  const fields = Object.entries(def.shape ?? {}).map(([key, s]) => [key, compile(s)] as const);
  const known = new Set(fields.map(([key]) => key));
  const extra = def.catchall?._zod.def;
  // Loose (catchall unknown) and plain (no catchall: extra keys are dropped) objects take any
  // other key; for any other catchall each extra key's value is checked against it.
  const other: Pred | null = !extra || ((extra.type === 'unknown' || extra.type === 'any') && !extra.checks?.length) ? null : compile(def.catchall!);
  return (v) => {
    if (!isObject(v)) return false;
    for (const [key, pred] of fields) if (!pred(v[key])) return false;
    if (other) for (const key of Object.keys(v)) if (!known.has(key) && !other(v[key])) return false;
    return true;
  };
}

/** The type test and every check on it; a check it does not know makes the whole "not sure". */
function withChecks(type: Pred, checks: Def['checks']): Pred {
  if (!checks?.length) return type;
  const tests: Pred[] = [];
  for (const c of checks) {
    const t = checkPred(c._zod.def);
    if (!t) return NOT_SURE;
    tests.push(t);
  }
  return (v) => {
    if (!type(v)) return false;
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

function checkPred(c: CheckDef): Pred | undefined {
  switch (c.check) {
    case 'min_length':
      return (v) => (v as { length: number }).length >= c.minimum!;
    case 'max_length':
      return (v) => (v as { length: number }).length <= c.maximum!;
    case 'greater_than':
      return c.inclusive ? (v) => (v as number) >= c.value! : (v) => (v as number) > c.value!;
    case 'less_than':
      return c.inclusive ? (v) => (v as number) <= c.value! : (v) => (v as number) < c.value!;
    case 'number_format':
      return c.format === 'safeint' ? (v) => Number.isSafeInteger(v) : undefined;
    case 'string_format': {
      if (c.format !== 'regex' || !c.pattern) return undefined;
      const pattern = c.pattern;
      return (v) => {
        pattern.lastIndex = 0;
        return pattern.test(v as string);
      };
    }
    case 'custom': {
      const fn = c.fn;
      if (typeof fn !== 'function') return undefined;
      return (v) => {
        try {
          return fn(v) === true;
        } catch {
          return false;
        }
      };
    }
    default:
      return undefined;
  }
}
