import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, testEnv } from '../helpers/cli.js';

const TRACE = resolve(__dirname, '../helpers/trace-imports.mjs');
const READS = resolve(__dirname, '../helpers/trace-reads.cjs');
const ROOT = resolve(__dirname, '../..');

function loaded(script: string, args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', TRACE, script, ...args], { env: testEnv(), encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7)).filter((u) => !u.startsWith('node:'));
}

describe('start-up', () => {
  it('`crisp --help` and `--version` load only the CLI and commander: no YAML, zod, git or templates', () => {
    // bin/crisp.js runs the bundle (what users run): what each file of it was built from is in inputs.json.
    const inputs = JSON.parse(readFileSync(resolve(ROOT, 'dist/bundle/inputs.json'), 'utf8')) as Record<string, string[]>;
    for (const args of [['--help'], ['--version']]) {
      const r = spawnSync(process.execPath, ['--require', READS, '--import', TRACE, BIN, ...args], { env: testEnv(), encoding: 'utf8' });
      expect(r.status).toBe(0);
      // No module of crisp's own goes through node's loader: the bundle's scripts are read and compiled by bin/crisp.js.
      expect(r.stderr.split('\n').filter((l) => l.startsWith('LOADED ') && !l.startsWith('LOADED node:'))).toEqual([`LOADED ${pathToFileURL(BIN).href}`]);
      const scripts = r.stderr.split('\n').filter((l) => l.startsWith('READ ')).map((l) => l.replace(/^READ .*\/dist\/bundle\//, '')).filter((f) => !f.endsWith('.cache'));
      expect(scripts.sort()).toEqual(['cli.cjs', 'commander.cjs']);
      const built = scripts.flatMap((f) => {
        expect(inputs[f], `${f} is a file of the bundle`).toBeDefined();
        return inputs[f]!;
      });
      const own = built.filter((m) => !m.startsWith('node_modules/')).sort();
      expect(own).toEqual(['dist/cli.js', 'dist/paths.js', 'dist/version.js']);
      const packages = new Set(built.filter((m) => m.startsWith('node_modules/')).map((m) => m.split('/')[1]));
      expect([...packages]).toEqual(['commander']);
    }
  });

  it('the same holds for the program as tsc wrote it (dist/cli.js)', () => {
    for (const args of [['--help'], ['--version']]) {
      const mods = loaded(resolve(ROOT, 'dist/cli.js'), args);
      const own = mods.filter((u) => !u.includes('/node_modules/')).map((u) => u.replace(/^.*\/dist\//, 'dist/'));
      expect(own.sort()).toEqual(['dist/cli.js', 'dist/paths.js', 'dist/version.js']);
      const packages = new Set(mods.filter((u) => u.includes('/node_modules/')).map((u) => u.split('/node_modules/')[1]!.split('/')[0]));
      expect([...packages]).toEqual(['commander']);
    }
  });
});
