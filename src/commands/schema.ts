/** `crisp schema [kind]`: JSON Schema for crisp.yaml ("config") and each record kind. */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { jsonSchemaFor, SCHEMA_NAMES, type SchemaName } from '../model/json-schema.js';
import type { Output } from '../output/index.js';
import { action } from './run.js';

function schema(name: string | undefined): Output {
  const wanted = name === 'crisp.yaml' ? 'config' : name;
  if (wanted !== undefined && !SCHEMA_NAMES.includes(wanted as SchemaName)) {
    throw usageError('unknown-schema', `there is no schema called "${name}"`, `choose one of: ${SCHEMA_NAMES.join(', ')} (or none for all)`);
  }
  const json = wanted ? jsonSchemaFor(wanted as SchemaName) : Object.fromEntries(SCHEMA_NAMES.map((n) => [n, jsonSchemaFor(n)]));
  return { json, human: JSON.stringify(json, null, 2) };
}

export function register(program: Command): void {
  program
    .command('schema [kind]')
    .description(`JSON Schema generated from the validator's schemas: ${SCHEMA_NAMES.join(', ')} (config = crisp.yaml)`)
    .addHelpText(
      'after',
      `
Without a kind, prints an object with every schema by name. The output is JSON with or without --json.
crisp init writes the crisp.yaml schema to crisp.schema.json, which the first line of crisp.yaml
points to, so editors with YAML language support check and complete crisp.yaml as you type.

Examples:
  crisp schema lead > lead.schema.json
  crisp schema config`,
    )
    .action(action((_ctx, kind: string | undefined) => schema(kind)));
}
