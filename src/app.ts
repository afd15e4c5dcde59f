/**
 * Everything the command line loads once it knows what to run: each command group's module, the
 * help topics, output, the early start and the exit state. cli.ts reaches all of it through this
 * one module, so the bundle (scripts/bundle.mjs) can make it one file apart from cli.ts and
 * commander: `crisp --help` loads neither this nor anything it names.
 */
import type { Command } from 'commander';

type GroupModule = () => Promise<{ register: (program: Command) => void }>;

/** Each command group's module, by the group's name (cli.ts lists the same names with their summaries; the compiler holds the two lists to the same names). */
export const groups = {
  init: () => import('./commands/init.js'),
  person: () => import('./commands/person.js'),
  client: () => import('./commands/client.js'),
  lead: () => import('./commands/lead.js'),
  discovery: () => import('./commands/discovery.js'),
  proposal: () => import('./commands/proposal.js'),
  diff: () => import('./commands/diff.js'),
  revenue: () => import('./commands/revenue.js'),
  validate: () => import('./commands/validate.js'),
  log: () => import('./commands/log.js'),
  bun: () => import('./commands/bun.js'),
  sync: () => import('./commands/sync.js'),
  report: () => import('./commands/report.js'),
  edit: () => import('./commands/edit.js'),
  schema: () => import('./commands/schema.js'),
  hooks: () => import('./commands/hooks.js'),
  completion: () => import('./commands/completion.js'),
  '__complete-ids': () => import('./commands/completion.js').then((m) => ({ register: m.registerCompleteIds })),
} satisfies Record<string, GroupModule>;

export type GroupName = keyof typeof groups;

export const help = () => import('./help/index.js');
export const output = () => import('./output/index.js');
export const errors = () => import('./errors.js');
export const early = () => import('./ledger/early.js');
export const run = () => import('./commands/run.js');
