/** Glue between commander and command handlers: build the context, run, hand the result to output. */
import type { Command } from 'commander';
import { settleWrites } from '../ledger/files.js';
import { writeOutput, type Output } from '../output/index.js';
import { readZonesWith } from '../domain/time.js';
import { Context, zoneOffsetsByTz, type GlobalOptions } from './context.js';

export const exitState = { code: 0 };

export function action<A extends unknown[]>(handler: (ctx: Context, ...args: A) => Promise<Output> | Output) {
  return async (...args: unknown[]) => {
    // Dates in the ledger's zone without loading ICU's locale data (see zoneOffsetsByTz).
    readZonesWith(zoneOffsetsByTz);
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as GlobalOptions;
    const ctx = new Context(opts);
    try {
      const out = await handler(ctx, ...(args.slice(0, -1) as A));
      const broken = out.showsUnreadable ? [] : ctx.unreadableRecords();
      if (broken.length) out.notes = [...(out.notes ?? []), unreadableNote(broken)];
      writeOutput(out, opts);
      if (out.exitCode) exitState.code = out.exitCode;
    } finally {
      // Caches written in the background are finished before the process ends (the output is out already).
      await settleWrites();
    }
  };
}

/** What a list or report says of the record files it had to leave out. */
export function unreadableNote(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? `, and ${paths.length - 3} more` : '');
  return `warning: ${paths.length === 1 ? '1 record file does' : `${paths.length} record files do`} not parse and ${paths.length === 1 ? 'was' : 'were'} left out: ${shown} (crisp validate shows why)`;
}

/** Collect a repeatable option into a list. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
