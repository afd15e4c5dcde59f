/** Reading crisp.yaml with the same safety rules as records. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CrispError } from '../errors.js';
import { configSchema, type Config } from '../model/config.js';
import { problem, type Problem } from '../model/problems.js';
import { parseYamlMap } from './codec.js';
import { CONFIG_FILE } from './root.js';
import { readLedgerFile } from './store.js';
import { zodProblems } from '../model/zod-problems.js';

export interface LoadedConfig {
  config: Config;
  problems: Problem[];
}

export function loadConfig(root: string): LoadedConfig {
  if (!existsSync(join(root, CONFIG_FILE))) {
    return { config: configSchema.parse({}), problems: [problem('error', CONFIG_FILE, 1, 'no-config', 'crisp.yaml is missing', 'run `crisp init` in the ledger folder')] };
  }
  const { text, problem: p } = readLedgerFile(root, CONFIG_FILE);
  if (text === undefined) return { config: configSchema.parse({}), problems: [p!] };
  return configFromText(text);
}

/** crisp.yaml's settings from its text (read from disk, or from a commit for `--as-of`). */
export function configFromText(text: string): LoadedConfig {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const parsed = parseYamlMap(src.trim() === '' ? '{}' : src, CONFIG_FILE, 1, 'crisp.yaml');
  if (parsed.problems.length) return { config: configSchema.parse({}), problems: parsed.problems };
  const result = configSchema.safeParse(parsed.data);
  if (!result.success) {
    return { config: configSchema.parse({}), problems: zodProblems(result.error, CONFIG_FILE, parsed.lineOf, parsed.data) };
  }
  const known = new Set(Object.keys(configSchema.shape));
  const unknown = Object.keys(parsed.data)
    .filter((k) => !known.has(k))
    .map((k) => problem('warning', CONFIG_FILE, parsed.lineOf([k]), 'unknown-field', `unknown setting "${k}"`, `known settings: ${[...known].join(', ')}`));
  return { config: result.data, problems: unknown };
}

/** The config for commands that need a working ledger: any error in crisp.yaml stops them. */
export function requireConfig(root: string): Config {
  return usableConfig(loadConfig(root));
}

/** The settings, or a refusal that lists every error in crisp.yaml. */
export function usableConfig({ config, problems }: LoadedConfig): Config {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new CrispError('bad-config', 'crisp.yaml has errors', {
      hint: 'fix them (crisp validate lists every problem)',
      details: errors.map((p) => `${p.path}:${p.line}: ${p.code}: ${p.message}`),
    });
  }
  return config;
}
