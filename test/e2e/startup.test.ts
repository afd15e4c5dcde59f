import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, testEnv } from '../helpers/cli.js';

const TRACE = resolve(__dirname, '../helpers/trace-imports.mjs');

function loaded(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], { env: testEnv(), encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
}

describe('start-up', () => {
  it('`crisp --help` and `--version` load only the CLI and commander: no YAML, zod, git or templates', () => {
    for (const args of [['--help'], ['--version']]) {
      const mods = loaded(args).filter((u) => !u.startsWith('node:'));
      const own = mods.filter((u) => !u.includes('/node_modules/')).map((u) => u.replace(/^.*\/(bin|dist)\//, '$1/'));
      expect(own.sort()).toEqual(['bin/crisp.js', 'dist/cli.js', 'dist/version.js']);
      const packages = new Set(mods.filter((u) => u.includes('/node_modules/')).map((u) => u.split('/node_modules/')[1]!.split('/')[0]));
      expect([...packages]).toEqual(['commander']);
    }
  });
});
