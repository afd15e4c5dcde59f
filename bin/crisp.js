#!/usr/bin/env node
'use strict';
/**
 * crisp's entry. It runs the bundle in dist/bundle/ (built by scripts/bundle.mjs) when it is there,
 * else dist/cli.js as tsc wrote it; the code is the same.
 *
 * The bundle's files are CommonJS scripts that this loader compiles with V8's code cache (a
 * `<file>.cache` beside each, made by the build and remade here whenever V8 turns one down, say
 * after a node upgrade): node 20 keeps no compiled code between runs, and compiling crisp and its
 * packages afresh took a fifth of a command's time. A cache never changes what runs: V8 checks it
 * against its own version and flags and the script's length, and this loader against the
 * script's time (a cache older than its script is not used).
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');
const { pathToFileURL } = require('node:url');

const dir = path.join(__dirname, '..', 'dist', 'bundle');
/** The bundle's scripts loaded so far, by file name. */
const loaded = new Map();
/** The build runs crisp with this set to fill the caches with the code a few commands run. */
const training = process.env.CRISP_CODE_CACHE === 'train';

/** Run one of the bundle's scripts (`cli.cjs`) once and give its exports. */
function load(name) {
  const known = loaded.get(name);
  if (known) return known.module.exports;
  const file = path.join(dir, name);
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    if (fs.statSync(cacheFile).mtimeMs >= fs.statSync(file).mtimeMs) cachedData = fs.readFileSync(cacheFile);
  } catch {
    /* no cache yet */
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  loaded.set(name, { module, script, cacheFile, stale: !cachedData || script.cachedDataRejected });
  // The bundle's scripts name each other as `./<name>.cjs`, and its ES modules as `./<name>.mjs`
  // (imported here: a script compiled from a code cache cannot import()); the rest is node's.
  const nodeRequire = createRequire(file);
  const require = (id) => {
    if (!id.startsWith('./')) return nodeRequire(id);
    if (id.endsWith('.cjs')) return load(id.slice(2));
    return import(pathToFileURL(path.join(dir, id)).href);
  };
  script.runInThisContext()(module.exports, require, module, file, dir);
  return module.exports;
}

/** Write the cache of each script whose cache was missing or turned down (all of them when training). */
function saveCodeCache() {
  for (const entry of loaded.values()) {
    if (!entry.stale && !training) continue;
    const tmp = `${entry.cacheFile}.${process.pid}.${require('node:worker_threads').threadId}.tmp`;
    try {
      fs.writeFileSync(tmp, entry.script.createCachedData());
      fs.renameSync(tmp, entry.cacheFile);
      entry.stale = false;
    } catch {
      // A package folder crisp may not write to (a system-wide install) runs without a cache.
      fs.rmSync(tmp, { force: true });
    }
  }
}

process.on('exit', saveCodeCache);
// The parse worker saves its script's cache itself once it has done some work (it may be stopped without an exit).
globalThis[Symbol.for('crisp.saveCodeCache')] = saveCodeCache;

module.exports = { load };

if (require.main === module) {
  if (fs.existsSync(path.join(dir, 'cli.cjs'))) load('cli.cjs');
  else import('../dist/cli.js');
}
