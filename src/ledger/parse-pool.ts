/**
 * Parsing a cold ledger on two cores: a worker thread makes cache entries for some of the files
 * while the main thread makes the others. Both take the next few jobs from one shared cursor, so
 * neither waits while the other has work left, whoever is faster or starts later. The ledger's
 * API stays synchronous: the main thread takes the worker's answers with receiveMessageOnPort
 * between its own chunks, and waits on a shared flag only for the worker's last chunk.
 *
 * Used only where it pays (thousands of files nobody has parsed yet) and only from the built
 * program (the worker runs compiled code); anything unusual and the main thread does it all.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { packagePath } from '../paths.js';
import { settleLater, tempPath } from './files.js';
import type { EntryJob } from './parse-entry.js';

/**
 * How many jobs a batch needs before the worker gets a share: a worker already running pays for
 * a few hundred; starting one (loading the parser and the schemas takes about as long as this
 * thread needs for a few thousand files) pays only for a bigger batch.
 */
const MIN_RUNNING = 300;
const MIN_STARTING = 2000;

/** Jobs taken from the cursor at a time: few enough that both threads end close together. */
export const CHUNK = 32;

/** A batch's shared Int32Array: the cursor, and the batch's state (set by compare-and-swap). */
export const BATCH = { cursor: 0, state: 1, open: 0, joined: 1, closed: 2, finished: 3 } as const;

let pool: { worker: Worker; port: MessagePort; ready: Int32Array } | null | undefined;

/** How to start the worker: the bundle's through bin/crisp.js (with its code cache), or tsc's file. */
function workerStart(): { script: string; eval: boolean } | undefined {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.cjs')) {
    // Running from the bundle (scripts/bundle.mjs): its loader runs the worker's script too.
    if (!existsSync(packagePath('dist', 'bundle', 'parse-worker.cjs'))) return undefined;
    return { script: `require(${JSON.stringify(packagePath('bin', 'crisp.js'))}).load('parse-worker.cjs')`, eval: true };
  }
  if (!self.endsWith('.js')) return undefined; // tests run the TypeScript sources: no worker
  const script = packagePath('dist', 'ledger', 'parse-worker.js');
  return existsSync(script) ? { script, eval: false } : undefined;
}

function getPool() {
  if (pool === undefined) {
    const start = availableParallelism() > 1 && process.env.CRISP_PARSE_THREADS !== '1' ? workerStart() : undefined;
    if (!start) return (pool = null);
    const { port1, port2 } = new MessageChannel();
    // The worker sets `ready` once it has loaded everything it needs.
    const ready = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(start.script, { eval: start.eval, workerData: { port: port2, ready }, transferList: [port2] });
    // Never keeps the process alive, and a worker that fails only means the main thread does it all.
    worker.unref();
    port1.unref();
    worker.on('error', () => {
      pool = null;
    });
    pool = { worker, port: port1, ready };
  }
  return pool;
}

/** This many unparsed files of a first kind say the load is cold: start the worker now, so it is up by the time the batch comes. */
const WARM_UP_MIN = 100;

/** Start the worker while the caller is still gathering a batch that `misses` says will be big. */
export function warmParseWorker(misses: number): void {
  if (pool === undefined && misses >= WARM_UP_MIN) getPool();
}

/** Start the worker before a cold load of about `files` files is even listed, if a batch that big would use it. */
export function warmParseWorkerFor(files: number): void {
  if (pool === undefined && files >= MIN_STARTING) getPool();
}

/**
 * Make an entry for every job: `mine(i)` makes job i on this thread; `theirs(i, json)` takes the
 * entry the worker made for job i, as JSON text. Every job is handed to exactly one of the two,
 * on this thread, before this returns; a job the worker could not do (or a worker that fails or
 * hangs) goes to `mine`.
 */
export function shareJobs(root: string, jobs: readonly EntryJob[], mine: (i: number) => void, theirs: (i: number, json: string) => void): void {
  const n = jobs.length;
  // Tests set CRISP_PARSE_WORKER_MIN to send even a small ledger through the worker.
  const forced = process.env.CRISP_PARSE_WORKER_MIN ? Number(process.env.CRISP_PARSE_WORKER_MIN) : NaN;
  const running = pool ? Atomics.load(pool.ready, 0) === 1 : false;
  const p = n >= (forced || (running ? MIN_RUNNING : MIN_STARTING)) ? getPool() : null;
  if (!p) {
    for (let i = 0; i < n; i++) mine(i);
    return;
  }
  // A test wants the worker to take part, so it waits until the worker is up.
  if (forced) Atomics.wait(p.ready, 0, 0, 30_000);
  const shared = new Int32Array(new SharedArrayBuffer(8));
  p.worker.postMessage({ root, jobs: packJobs(jobs), shared });
  // ... and has joined the batch (in a small one, this thread would otherwise often do every job).
  if (forced) Atomics.wait(shared, BATCH.state, BATCH.open, 30_000);
  const done = new Uint8Array(n);
  const receive = () => {
    for (let m = receiveMessageOnPort(p.port); m; m = receiveMessageOnPort(p.port)) {
      const { start, texts } = m.message as { start: number; texts: (string | null)[] };
      texts.forEach((text, k) => {
        if (text === null || done[start + k]) return;
        done[start + k] = 1;
        theirs(start + k, text);
      });
    }
  };
  for (;;) {
    const start = Atomics.add(shared, BATCH.cursor, CHUNK);
    if (start >= n) break;
    for (let i = start; i < Math.min(start + CHUNK, n); i++) {
      done[i] = 1;
      mine(i);
    }
    receive();
  }
  // A worker that has not joined the batch never will; one that has is finishing its last chunk
  // (a minute at most: then it is taken to be stuck, and what it held is done here).
  if (Atomics.compareExchange(shared, BATCH.state, BATCH.open, BATCH.closed) === BATCH.joined) {
    if (Atomics.wait(shared, BATCH.state, BATCH.joined, 60_000) === 'timed-out') {
      void p.worker.terminate();
      pool = null;
    }
  }
  receive();
  for (let i = 0; i < n; i++) {
    if (done[i]) continue;
    done[i] = 1;
    mine(i);
  }
}

/**
 * The jobs as one string, their fields and the jobs themselves separated by NUL (which no path,
 * id or blob id holds): one string crosses to the worker faster than thousands of small objects.
 */
function packJobs(jobs: readonly EntryJob[]): string {
  return jobs.map((j) => `${j.kind}\0${j.id}\0${j.path}\0${j.blob}`).join('\0');
}

/** packJobs' jobs back. */
export function unpackJobs(packed: string): EntryJob[] {
  const f = packed.split('\0');
  const jobs: EntryJob[] = [];
  for (let i = 0; i + 3 < f.length; i += 4) jobs.push({ kind: f[i] as EntryJob['kind'], id: f[i + 1]!, path: f[i + 2]!, blob: f[i + 3]! });
  return jobs;
}

/**
 * Hand a file write to the worker when it is up and idle between batches: it joins `parts` with
 * commas between `head` and `tail` and writes the file atomically (temp file, then rename), while
 * this thread goes on; settleWrites waits for it before the process ends. False when there is no
 * worker: the caller writes the file itself.
 */
export function writeInWorker(file: string, head: string, parts: readonly string[], tail: string, theirs: readonly number[] = []): boolean {
  if (!pool || Atomics.load(pool.ready, 0) !== 1) return false;
  const p = pool;
  mkdirSync(dirname(file), { recursive: true });
  const done = new Int32Array(new SharedArrayBuffer(4));
  p.worker.postMessage({ write: { file, tmp: tempPath(file), head, parts, theirs, tail }, done });
  // Usually done by the time the command is: else the process waits for the worker's word, or
  // for its end if it dies, and gives a stuck one a minute. A lost write loses nothing (the cache
  // is derived data: the next run makes it again) and never leaves half a file (temp, rename).
  settleLater(async () => {
    if (Atomics.load(done, 0) === 1) return;
    p.worker.ref(); // the process stays up while it waits
    try {
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          p.worker.off('message', check);
          p.worker.off('exit', finish);
          resolve();
        };
        const check = () => {
          if (Atomics.load(done, 0) === 1) finish();
        };
        const timer = setTimeout(() => {
          void p.worker.terminate();
          finish();
        }, 60_000);
        p.worker.on('message', check);
        p.worker.once('exit', finish);
        check();
      });
    } finally {
      p.worker.unref();
    }
  });
  return true;
}
