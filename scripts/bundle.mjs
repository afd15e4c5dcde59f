#!/usr/bin/env node
// After `tsc`: bundle the program into dist/bundle/, a few files with the packages inside, which
// node loads far faster than the ~400 files tsc and node_modules hold (zod alone is 226 modules):
//
//   cli.cjs           dist/cli.js: the command line, what `crisp --help` runs
//   commander.cjs     commander, shared by cli.cjs and app.cjs
//   app.cjs           dist/app.js: every command and all they use; loaded once a command runs
//   parse-worker.cjs  the parse worker's program (ledger/parse-worker.ts)
//   prompts.mjs       @inquirer/prompts, loaded only to ask a question on a terminal
//
// bin/crisp.js runs these with V8's code cache (`<file>.cache`); this script fills the caches by
// running a few commands on a copy of the sample ledger, so even a first run starts compiled.
// bin/crisp.js runs dist/cli.js (as tsc wrote it) when there is no bundle; the code is the same.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

/** Imports that another file of the bundle answers: `commander` is commander.cjs, and so on. */
const shared = (map) => ({
  name: 'crisp-shared',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const to = map[args.path];
      if (!to) return undefined;
      // A dynamic import of another script becomes its require() (which bin/crisp.js answers from its code cache).
      if (args.kind === 'dynamic-import' && to.endsWith('.cjs')) return { path: to, namespace: 'crisp-shared' };
      return { path: to, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'crisp-shared' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    b.onResolve({ filter: /^\.\/.*\.cjs$/, namespace: 'crisp-shared' }, (args) => ({ path: args.path, external: true }));
  },
});

/**
 * prompts.ts loads @inquirer/prompts with import(), which a script compiled from a code cache
 * cannot do (V8 drops what node needs for it): in the bundle it asks bin/crisp.js's loader, which
 * imports prompts.mjs for it.
 */
const promptsByLoader = {
  name: 'prompts-by-loader',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]prompts\.js$/ }, () => ({ contents: "export const prompts = () => require('./prompts.mjs');", loader: 'js' }));
    b.onResolve({ filter: /^\.\/prompts\.mjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** zod registers every language's error messages; crisp shows its own, in English: only `en` is kept. */
const zodEnglish = {
  name: 'zod-english',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (args.importer.includes('/zod/') ? { path: join(args.resolveDir, args.path), namespace: 'zod-english' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path.replace(/index\.js$/, 'en.js'))};`, resolveDir: root }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'eof',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
};
// A CommonJS script has no import.meta: its URL comes from the file name bin/crisp.js gives it.
const script = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': '__crispUrl' },
  banner: { js: "var __crispUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const builds = [
  { ...script, entryPoints: { commander: 'commander' } },
  { ...script, entryPoints: { cli: 'dist/cli.js' }, plugins: [shared({ commander: './commander.cjs', './app.js': './app.cjs' })] },
  { ...script, entryPoints: { app: 'dist/app.js' }, plugins: [shared({ commander: './commander.cjs' }), promptsByLoader, zodEnglish] },
  { ...script, entryPoints: { 'parse-worker': 'dist/ledger/parse-worker.js' }, plugins: [zodEnglish] },
  // Packages shipped as CommonJS inside an ES module call require(): give the file a real one.
  { ...common, format: 'esm', entryPoints: { prompts: '@inquirer/prompts' }, banner: { js: "import { createRequire as __crispRequire } from 'node:module'; const require = __crispRequire(import.meta.url);" } },
];
const files = {};
for (const options of builds) {
  const result = await build({ ...options, outdir, outExtension: { '.js': options.format === 'cjs' ? '.cjs' : '.mjs' } });
  for (const [out, o] of Object.entries(result.metafile.outputs)) files[out.replace(/^dist\/bundle\//, '')] = Object.keys(o.inputs).filter((i) => !i.startsWith('crisp-shared:'));
}
// Which modules went into which file: the start-up test reads it to check what `--help` loads.
writeFileSync(`${outdir}/inputs.json`, JSON.stringify(files, null, 1) + '\n');

// Fill the code caches: each command below starts from the caches the one before it wrote, and
// adds what it compiled (bin/crisp.js writes every cache at exit while CRISP_CODE_CACHE=train).
const work = mkdtempSync(join(tmpdir(), 'crisp-build-'));
const ledger = join(work, 'ledger');
const env = {
  ...process.env,
  CRISP_CODE_CACHE: 'train',
  CRISP_NOW: '2026-11-23T09:30:00Z',
  // The worker too: it starts for any batch, however small.
  CRISP_PARSE_WORKER_MIN: '1',
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: 'Crisp Build',
  GIT_AUTHOR_EMAIL: 'build@example.coop',
  GIT_COMMITTER_NAME: 'Crisp Build',
  GIT_COMMITTER_EMAIL: 'build@example.coop',
};
delete env.CRISP_LEDGER;
delete env.CRISP_USER;
try {
  const crisp = (...args) => spawnSync(process.execPath, [join(root, 'bin', 'crisp.js'), ...args], { cwd: ledger, env, encoding: 'utf8' });
  spawnSync(process.execPath, [join(root, 'bin', 'crisp.js'), 'init', ledger, '--sample'], { cwd: work, env });
  const lead = readdirSync(join(ledger, 'leads')).find((f) => f.endsWith('.md'))?.replace(/\.md$/, '');
  const person = readdirSync(join(ledger, 'people')).find((f) => f.endsWith('.md'))?.replace(/\.md$/, '');
  for (const args of [['--help'], ['validate'], ['validate'], ['lead', 'list'], ['lead', 'show', lead], ['--as', person, 'lead', 'touch', lead, '--channel', 'call'], ['report', 'pipeline'], ['report', 'follow-ups'], ['bun', 'list']]) {
    crisp(...args);
  }
} catch {
  // Filling the caches is a head start only: without it, crisp makes each cache at its first run.
} finally {
  rmSync(work, { recursive: true, force: true });
}
