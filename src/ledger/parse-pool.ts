/**
 * Parsing a cold ledger on two cores: a worker thread makes cache entries for part of the files
 * while the main thread makes the others. The ledger's API stays synchronous: the main thread
 * waits on a shared flag and takes the worker's answer with receiveMessageOnPort.
 *
 * Used only where it pays (thousands of files nobody has parsed yet) and only from the built
 * program (the worker runs compiled code); anything unusual and the caller parses everything itself.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { packagePath } from '../paths.js';
import type { EntryJob } from './parse-entry.js';

/**
 * How many files a batch needs before the worker gets a share: it pays once the worker is up;
 * while it is still starting (loading the parser and the schemas takes about as long as this
 * thread needs for a few thousand files) only a bigger batch is worth the wait.
 */
const MIN_READY = 300;
const MIN_STARTING = 2000;
const MIN_NOT_STARTED = 10_000;
/** This many unparsed files of one kind say the load is cold: time to start the worker. */
const WARM_UP_MIN = 100;
/** The worker starts later and hands its work back as text, so it takes a little less than half. */
const WORKER_SHARE = 0.45;

let pool: { worker: Worker; port: MessagePort; ready: Int32Array } | null | undefined;

function workerScript(): string | undefined {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.js')) return undefined; // tests run the TypeScript sources: no worker
  const script = self.includes('/dist/bundle/') ? packagePath('dist', 'bundle', 'parse-worker.js') : packagePath('dist', 'ledger', 'parse-worker.js');
  return existsSync(script) ? script : undefined;
}

function getPool() {
  if (pool === undefined) {
    const script = availableParallelism() > 1 && process.env.CRISP_PARSE_THREADS !== '1' ? workerScript() : undefined;
    if (!script) return (pool = null);
    const { port1, port2 } = new MessageChannel();
    // The worker sets `ready` once it has loaded everything it needs.
    const ready = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(script, { workerData: { port: port2, ready }, transferList: [port2] });
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

/** What the worker made: its entries as one JSON object text, and the files it left to the caller. */
export interface WorkerShare {
  jobs: EntryJob[];
  json: string;
  failed: Set<string>;
}

/**
 * Start the worker now, when a cold load has begun (`misses` files of a first kind not parsed
 * yet), so it is ready by the time a big kind comes: it loads the parser and schemas meanwhile.
 */
export function warmParseWorker(misses: number): void {
  if (pool === undefined && misses >= WARM_UP_MIN) getPool();
}

/**
 * Split `jobs`: the worker gets a share, `mine` is called for the rest on this thread, and the
 * worker's share comes back. Undefined when no worker is at hand: then the caller makes every
 * entry itself.
 */
export function withParseWorker(root: string, jobs: EntryJob[], mine: (job: EntryJob) => void): WorkerShare | undefined {
  // Tests set CRISP_PARSE_WORKER_MIN to send even a small ledger through the worker.
  const forced = process.env.CRISP_PARSE_WORKER_MIN ? Number(process.env.CRISP_PARSE_WORKER_MIN) : NaN;
  const started = pool !== undefined;
  const p = jobs.length >= (forced || MIN_READY) ? getPool() : null;
  if (!p) return undefined;
  const min = forced || (!started ? MIN_NOT_STARTED : Atomics.load(p.ready, 0) ? MIN_READY : MIN_STARTING);
  if (jobs.length < min) return undefined;
  const split = Math.floor(jobs.length * WORKER_SHARE);
  const theirs = jobs.slice(0, split);
  const done = new Int32Array(new SharedArrayBuffer(4));
  p.worker.postMessage({ root, jobs: theirs, done });
  for (const job of jobs.slice(split)) mine(job);
  const none = { jobs: theirs, json: '{}', failed: new Set(theirs.map((j) => j.path)) };
  // Wait for the worker (a minute at most: then it is taken to be stuck, and its share done here).
  if (Atomics.wait(done, 0, 0, 60_000) === 'timed-out') {
    void p.worker.terminate();
    pool = null;
    return none;
  }
  const msg = receiveMessageOnPort(p.port)?.message as { json: string; failed: string[] } | undefined;
  return msg ? { jobs: theirs, json: msg.json, failed: new Set(msg.failed) } : none;
}
