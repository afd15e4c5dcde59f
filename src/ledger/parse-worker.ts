/**
 * The parse worker: makes cache entries for the jobs of a batch it takes from the shared cursor,
 * while the main thread takes others (see parse-pool.ts). Each chunk's entries go back as JSON
 * texts, which the main thread parses faster than a structured clone of the same objects and
 * writes into the cache file as they are.
 */
import { workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { entryOf, type EntryJob } from './parse-entry.js';
import { BATCH, CHUNK } from './parse-pool.js';

const { port: out, ready } = workerData as { port: MessagePort; ready: Int32Array };
Atomics.store(ready, 0, 1);
Atomics.notify(ready, 0);
parentPort!.on('message', ({ root, jobs, shared }: { root: string; jobs: EntryJob[]; shared: Int32Array }) => {
  // A batch the main thread has closed (it did every job while this thread was starting) is skipped.
  if (Atomics.compareExchange(shared, BATCH.state, BATCH.open, BATCH.joined) !== BATCH.open) return;
  try {
    for (;;) {
      const start = Atomics.add(shared, BATCH.cursor, CHUNK);
      if (start >= jobs.length) break;
      // null: no entry for that job (the file could not be read); the main thread reads it itself and reports what it finds.
      const texts: (string | null)[] = [];
      for (const job of jobs.slice(start, start + CHUNK)) {
        try {
          const entry = entryOf(root, job);
          texts.push(entry ? JSON.stringify(entry) : null);
        } catch {
          texts.push(null);
        }
      }
      out.postMessage({ start, texts });
    }
  } finally {
    // The main thread waits for this once the cursor has run out: it is set whatever happened above.
    Atomics.store(shared, BATCH.state, BATCH.finished);
    Atomics.notify(shared, BATCH.state);
  }
});
