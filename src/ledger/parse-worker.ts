/**
 * The parse worker: makes cache entries for the jobs of a batch it takes from the shared cursor,
 * while the main thread takes others (see parse-pool.ts). Each chunk's entries go back as JSON
 * texts, which the main thread parses faster than a structured clone of the same objects; this
 * thread keeps the same texts for the cache files, which it then writes (ParseCache.save), so
 * they never cross back.
 */
import { workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { asciiOnly, entryText } from './cache.js';
import { writeFileAtomic } from './files.js';
import { entryOf, type EntryJob } from './parse-entry.js';
import { BATCH, CHUNK, unpackJobs } from './parse-pool.js';
import { tuneV8 } from './v8-tuning.js';

const { port: out, ready } = workerData as { port: MessagePort; ready: Int32Array };
Atomics.store(ready, 0, 1);
Atomics.notify(ready, 0);

interface Write {
  file: string;
  tmp: string;
  head: string;
  parts: string[];
  /** Jobs of the last batch whose entries this thread made and kept (see `kept`): they go in after `parts`. */
  theirs: number[];
  tail: string;
}

/**
 * The entries this thread made in the last batch, as cache file text (`"path":{...}`), by job:
 * the main thread names the ones it took instead of sending their text back for the cache file.
 */
let kept: string[] = [];

/** A cache file the main thread handed over (see writeInWorker): written whole or not at all, in ASCII. */
function write({ file, tmp, head, parts, theirs, tail }: Write, done: Int32Array): void {
  try {
    const all = theirs.length ? parts.concat(theirs.map((i) => kept[i]!)) : parts;
    writeFileAtomic(file, asciiOnly(`${head}${all.join(',')}${tail}`), { fsync: false, tmp });
  } catch {
    /* a cache not written is made again next time */
  } finally {
    Atomics.store(done, 0, 1);
    // The main thread may be waiting for this in its event loop (settleWrites).
    parentPort!.postMessage('written');
  }
}

parentPort!.on('message', (msg: { root: string; jobs: string; shared: Int32Array } | { write: Write; done: Int32Array }) => {
  if ('write' in msg) return write(msg.write, msg.done);
  const { root, shared } = msg;
  kept = [];
  // A batch the main thread has closed (it did every job while this thread was starting) is skipped.
  if (Atomics.compareExchange(shared, BATCH.state, BATCH.open, BATCH.joined) !== BATCH.open) return;
  const tuned = tuneV8(true);
  try {
    const jobs: EntryJob[] = unpackJobs(msg.jobs);
    for (;;) {
      const start = Atomics.add(shared, BATCH.cursor, CHUNK);
      if (start >= jobs.length) break;
      // null: no entry for that job (the file could not be read); the main thread reads it itself and reports what it finds.
      const texts: (string | null)[] = [];
      for (let i = start; i < Math.min(start + CHUNK, jobs.length); i++) {
        try {
          const entry = entryOf(root, jobs[i]!);
          const text = entry ? JSON.stringify(entry) : null;
          if (text !== null) kept[i] = entryText(jobs[i]!.path, text);
          texts.push(text);
        } catch {
          texts.push(null);
        }
      }
      out.postMessage({ start, texts });
    }
  } finally {
    if (tuned) tuneV8(false);
    // The main thread waits for this once the cursor has run out: it is set whatever happened above.
    Atomics.store(shared, BATCH.state, BATCH.finished);
    Atomics.notify(shared, BATCH.state);
  }
  saveCodeCache();
});

/**
 * bin/crisp.js's code cache of this thread's script, written when it had none (once), now that the
 * parsing code is compiled: the process may stop this thread without an exit event.
 */
function saveCodeCache(): void {
  const save = (globalThis as Record<symbol, unknown>)[Symbol.for('crisp.saveCodeCache')];
  if (typeof save === 'function') save();
}
