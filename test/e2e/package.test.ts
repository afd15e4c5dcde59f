import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir, testEnv } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, env: testEnv(env), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/**
 * The package as a newcomer gets it: packed (from the dist/ the test run built; --ignore-scripts so
 * packing does not rebuild under the feet of the other tests), installed globally into a temporary
 * prefix, and run from outside the repository against a ledger of its own.
 */
describe('the npm package', () => {
  it('packs only what runs, installs globally, and the installed crisp works in a new ledger', () => {
    const work = tempDir('crisp-pack-');
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO_ROOT))[0] as { filename: string; size: number; files: { path: string }[] };
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('bin/crisp.js');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/bundle/cli.cjs');
    expect(files).toContain('dist/bundle/app.cjs');
    // V8's code caches are made on the machine that runs crisp (bin/crisp.js), not shipped.
    expect(files.filter((f) => f.endsWith('.cache'))).toEqual([]);
    expect(files).toContain('data/sample/crisp.yaml');
    const stray = files.filter((f) => !/^(bin|dist|templates|data\/sample)\//.test(f) && !/^(package\.json|README\.md|LICENSE(\.md)?)$/.test(f));
    expect(stray).toEqual([]);
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.ts'))).toBe(false);

    const prefix = join(work, 'prefix');
    const started = Date.now();
    run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], work);
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`package ${packed.filename}: ${(packed.size / 1024).toFixed(1)} kB packed, ${files.length} files; global install took ${seconds.toFixed(1)} s\n`);

    const crispBin = join(prefix, 'bin', 'crisp');
    const home = tempDir('crisp-home-');
    expect(run(crispBin, ['--version'], home).trim()).toBe(pkg.version);
    // Run-time needs only the dependencies: no dev dependency was installed beside it.
    const installed = join(prefix, 'lib', 'node_modules', pkg.name, 'node_modules');
    expect(spawnSync('ls', [installed], { encoding: 'utf8' }).stdout).not.toMatch(/vitest|typescript|fast-check|esbuild/);

    run(crispBin, ['init', 'my-ledger', '--name', 'New Collective'], home);
    const ledger = join(home, 'my-ledger');
    run(crispBin, ['person', 'add', '--name', 'Nina Newcomer', '--email', 'nina@example.com', '--id', 'nina'], ledger);
    expect(run(crispBin, ['validate'], ledger)).toBe('ok: 1 record, 0 errors, 0 warnings\n');
    expect(run(crispBin, ['help', 'pipeline'], ledger)).toContain('won only from proposal');
    run(crispBin, ['init', 'sample', '--sample'], home);
    expect(run(crispBin, ['validate', '--strict'], join(home, 'sample'))).toMatch(/^ok: \d+ records, 0 errors, 0 warnings\n$/);
  }, 180_000);
});
