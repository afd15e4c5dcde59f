/**
 * V8 optimises a function once it has run for a while (its "interrupt budget", counted in bytecode
 * run), compiling it on a background thread. In a cold batch both cores are busy parsing, and
 * that compiling competes with them: with a budget six times the default, V8 optimises only what
 * runs most, and a cold `validate` at 10k ends 5-10 % sooner (bench/README.md).
 *
 * V8's flags belong to the whole process. The parse worker raises the budget when it joins a
 * batch (the main thread's share runs with it too) and puts the default back before it says the
 * batch is done: no earlier and no longer, because V8's version tag for code caches includes its
 * flags (v8.cachedDataVersionTag). While they differ, node compiles its own modules afresh (three
 * times slower, measured), and a code cache saved then may not be taken by a run with the
 * defaults. So the worker starts, and its script and bin/crisp.js's caches are saved, with them.
 *
 * Measured on node 20's V8 (11.3, whose default budget is 66 KB) only: elsewhere this does nothing.
 */
import { setFlagsFromString } from 'node:v8';

/** Raise V8's budget for a batch (`true`) or put the default back; false when this V8 is not the one measured. */
export function tuneV8(on: boolean): boolean {
  if (!/^11\.3\./.test(process.versions.v8)) return false;
  try {
    setFlagsFromString(`--interrupt-budget=${on ? 400_000 : 66 * 1024}`);
    return true;
  } catch {
    return false;
  }
}
