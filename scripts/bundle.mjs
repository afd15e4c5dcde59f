#!/usr/bin/env node
// After `tsc`: bundle dist/cli.js and the command modules it loads lazily into dist/bundle/, one
// file per command plus shared chunks, with the packages they use inside. Node then reads a few
// files instead of about 400 (zod alone is 226 modules), which is most of a command's start-up.
// bin/crisp.js runs the bundle when it is there and dist/cli.js otherwise; the code is the same.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // The parse worker is a program of its own (parse-pool.ts starts it from dist/bundle/).
  entryPoints: ['dist/cli.js', 'dist/ledger/parse-worker.js'],
  entryNames: '[name]',
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Packages shipped as CommonJS (yaml) call require(): give each file a real one.
  banner: { js: "import { createRequire as __crispRequire } from 'node:module'; const require = __crispRequire(import.meta.url);" },
  legalComments: 'eof',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
});
// Which modules went into which file: the start-up test reads it to check what `--help` loads.
const files = Object.fromEntries(Object.entries(result.metafile.outputs).map(([out, o]) => [out.replace(/^dist\/bundle\//, ''), Object.keys(o.inputs)]));
writeFileSync(`${outdir}/inputs.json`, JSON.stringify(files, null, 1) + '\n');
