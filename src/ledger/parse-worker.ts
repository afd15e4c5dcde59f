/**
 * The parse worker: makes cache entries for the record files it is sent, while the main thread
 * makes the rest (see parse-pool.ts). Entries go back as one JSON text, which the main thread
 * parses faster than a structured clone of the same objects.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { CacheEntry } from './cache.js';
import { makeEntry, type EntryJob } from './parse-entry.js';

interface Batch {
  root: string;
  jobs: EntryJob[];
  port: MessagePort;
  done: Int32Array;
}

const { port: out, ready } = workerData as { port: MessagePort; ready: Int32Array };
Atomics.store(ready, 0, 1);
parentPort!.on('message', ({ root, jobs, done }: Omit<Batch, 'port'>) => {
  const entries: Record<string, CacheEntry> = {};
  // Files it could not make an entry for: the main thread reads those itself, and reports what it finds.
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      const { entry } = makeEntry(root, job);
      if (entry) entries[job.path] = entry;
      else failed.push(job.path);
    } catch {
      failed.push(job.path);
    }
  }
  try {
    out.postMessage({ json: JSON.stringify(entries), failed });
  } catch {
    // Too much to hand back (or anything else): the main thread makes this share itself.
    out.postMessage({ json: '{}', failed: jobs.map((j) => j.path) });
  } finally {
    // The main thread is blocked until this flag is set: it is set whatever happened above.
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
});
