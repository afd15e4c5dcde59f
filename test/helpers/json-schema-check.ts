/**
 * A small JSON Schema (2020-12) checker for tests: the keywords `crisp schema` emits (type,
 * properties, required, additionalProperties, propertyNames, items, enum, const, pattern, lengths,
 * bounds, anyOf/oneOf/allOf). It throws on any other keyword, so a schema it cannot judge fails
 * the test instead of passing silently. Returns the problems as "path: message".
 */
type Schema = Record<string, unknown> | boolean;

const KNOWN = new Set([
  '$schema', 'title', 'description', 'default', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames',
  'items', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minItems', 'maxItems', 'anyOf', 'oneOf', 'allOf', 'format',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function checkJsonSchema(schema: Schema, value: unknown, path = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`the test checker does not know the keyword ${k} (at ${path})`);
  const s = schema as Record<string, any>;
  const out: string[] = [];
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(value);
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) return [`${path}: expected ${types.join('|')}, got ${t}`];
  }
  if (s.enum && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) out.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) out.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (typeof value === 'string') {
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) out.push(`${path}: "${value}" does not match ${s.pattern}`);
    if (s.minLength !== undefined && [...value].length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && [...value].length > s.maxLength) out.push(`${path}: longer than ${s.maxLength}`);
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) out.push(`${path}: below ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) out.push(`${path}: above ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) out.push(`${path}: not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) out.push(`${path}: not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (s.items !== undefined) value.forEach((v, i) => out.push(...checkJsonSchema(s.items, v, `${path}[${i}]`)));
    if (s.minItems !== undefined && value.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems) out.push(`${path}: more than ${s.maxItems} items`);
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) out.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (s.propertyNames) out.push(...checkJsonSchema(s.propertyNames, k, `${path}.${k} (name)`));
      if (s.properties && k in s.properties) out.push(...checkJsonSchema(s.properties[k], v, `${path}.${k}`));
      else if (s.additionalProperties !== undefined) out.push(...checkJsonSchema(s.additionalProperties, v, `${path}.${k}`));
    }
  }
  if (s.allOf) for (const sub of s.allOf) out.push(...checkJsonSchema(sub, value, path));
  if (s.anyOf && !s.anyOf.some((sub: Schema) => checkJsonSchema(sub, value, path).length === 0)) out.push(`${path}: matches none of anyOf`);
  if (s.oneOf && s.oneOf.filter((sub: Schema) => checkJsonSchema(sub, value, path).length === 0).length !== 1) out.push(`${path}: does not match exactly one of oneOf`);
  return out;
}
