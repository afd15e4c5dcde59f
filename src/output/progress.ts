/**
 * Progress for long work (validate on a big ledger, and later sync, report html, bench): one line on
 * stderr, redrawn in place, and only on a terminal. Never in pipes, with --json or --quiet, or
 * under CI, so scripts and logs never see it. It appears only after a short delay, so quick runs
 * stay silent, and it erases itself when done.
 */
import { grouped } from './numbers.js';

export interface Progress {
  /** What is happening now, with a count when known. */
  update(label: string, done?: number, total?: number): void;
  done(): void;
}

export interface ProgressOptions {
  json?: boolean;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Milliseconds before the first line is drawn. */
  delayMs?: number;
  now?: () => number;
}

const silent: Progress = { update() {}, done() {} };

export function progressShown(opts: ProgressOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  const stream = opts.stream ?? process.stderr;
  return Boolean(stream.isTTY) && !opts.json && !opts.quiet && !env.CI && env.TERM !== 'dumb';
}

/** The text of one progress line: `label 1,234/5,000 (25%)`. Pure, for the tests. */
export function progressLine(label: string, done?: number, total?: number): string {
  if (done === undefined) return `${label}…`;
  if (!total) return `${label} ${grouped(done)}`;
  return `${label} ${grouped(done)}/${grouped(total)} (${Math.floor((done / total) * 100)}%)`;
}

export function startProgress(opts: ProgressOptions = {}): Progress {
  if (!progressShown(opts)) return silent;
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const start = now();
  const delay = opts.delayMs ?? 400;
  let last = 0;
  let drawn = false;
  return {
    update(label, done, total) {
      const t = now();
      // At most ten redraws a second: drawing costs more than the work between two records.
      if (t - start < delay || (t - last < 100 && done !== total)) return;
      last = t;
      const line = progressLine(label, done, total).slice(0, Math.max(10, (stream.columns ?? 80) - 1));
      stream.write(`\r\u001b[2K${line}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
