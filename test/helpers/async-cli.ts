/** Run the built CLI without blocking, so many runs (or many writers) can overlap. */
import { spawn } from 'node:child_process';
import { BIN, testEnv, type RunResult } from './cli.js';

export function crispAsync(cwd: string, args: string[], opts: { env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: testEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}

/** Run `jobs` with at most `width` at a time, keeping their order in the result. */
export async function inBatches<T>(jobs: (() => Promise<T>)[], width = 8): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return out;
}

/** What a crash looks like on stderr: a JS stack trace or crisp's "bug" message. */
export const CRASH = /\n\s+at |failed unexpectedly|TypeError|RangeError|ReferenceError/;
