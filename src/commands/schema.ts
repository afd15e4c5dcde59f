/** `crisp schema [kind]`: JSON Schema for crisp.yaml ("config") and each record kind. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { Change, commitMessage } from '../ledger/transaction.js';
import { CONFIG_SCHEMA_FILE, configSchemaText, jsonSchemaFor, SCHEMA_NAMES, type SchemaName } from '../model/json-schema.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { appliedNotes } from './records.js';
import { action } from './run.js';

function schema(name: string | undefined): Output {
  const wanted = name === 'crisp.yaml' ? 'config' : name;
  if (wanted !== undefined && !SCHEMA_NAMES.includes(wanted as SchemaName)) {
    throw usageError('unknown-schema', `there is no schema called "${name}"`, `choose one of: ${SCHEMA_NAMES.join(', ')} (or none for all)`);
  }
  const json = wanted ? jsonSchemaFor(wanted as SchemaName) : Object.fromEntries(SCHEMA_NAMES.map((n) => [n, jsonSchemaFor(n)]));
  return { json, human: JSON.stringify(json, null, 2) };
}

/** Rewrite the ledger's crisp.schema.json for this crisp version (after an upgrade), committed. */
async function writeConfigSchema(ctx: Context): Promise<Output> {
  const path = join(ctx.root, CONFIG_SCHEMA_FILE);
  const text = configSchemaText();
  const json = { path: CONFIG_SCHEMA_FILE, changed: !existsSync(path) || readFileSync(path, 'utf8') !== text };
  if (!json.changed) return { json, human: '', notes: [`${CONFIG_SCHEMA_FILE} is up to date: nothing to commit`] };
  const message = commitMessage('crisp', 'schema', `update ${CONFIG_SCHEMA_FILE}`);
  const applied = await ctx.mutate(() => new Change(message).write(CONFIG_SCHEMA_FILE, text));
  return { json, human: '', notes: appliedNotes(applied, message) };
}

export function register(program: Command): void {
  program
    .command('schema [kind]')
    .description(`JSON Schema generated from the validator's schemas: ${SCHEMA_NAMES.join(', ')} (config = crisp.yaml)`)
    .option('--write', `update the ledger's ${CONFIG_SCHEMA_FILE} (the crisp.yaml schema editors read) and commit it`)
    .addHelpText(
      'after',
      `
Without a kind, prints an object with every schema by name. The output is JSON with or without --json.
crisp init writes the crisp.yaml schema to ${CONFIG_SCHEMA_FILE}, which the first line of crisp.yaml
points to, so editors with YAML language support check and complete crisp.yaml as you type; after
upgrading crisp, \`crisp schema --write\` brings that file up to date.

Examples:
  crisp schema lead > lead.schema.json
  crisp schema config
  crisp schema --write`,
    )
    .action(
      action((ctx, kind: string | undefined, flags: { write?: boolean }) => {
        if (flags.write && kind) throw usageError('schema-write-kind', '--write updates only the crisp.yaml schema', 'run `crisp schema --write` without a kind');
        return flags.write ? writeConfigSchema(ctx) : schema(kind);
      }),
    );
}
