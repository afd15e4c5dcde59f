/**
 * `crisp person happiness` and `crisp client happiness`: the happiness index, appended to the record's
 * `happiness:` list (DESIGN.md §1). What is stale and what is a call for help is domain/happiness.ts.
 */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { happinessState, type HappinessAnswer, type HappinessState } from '../domain/happiness.js';
import type { LedgerRecord } from '../ledger/store.js';
import type { Output } from '../output/index.js';
import { choice, pastDateArg } from './args.js';
import type { Context } from './context.js';
import { editRecord, savedOutput } from './records.js';
import { action } from './run.js';

function score(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-5]$/.test(value.trim())) throw usageError('bad-score', `${flag} takes a whole number from 1 to 5, not "${value}"`, '5 = super happy … 1 = "I want out"');
  return Number(value);
}

/** The state of a person's answers (stale after `happiness.stale_after_months`). */
export function personHappiness(ctx: Context, rec: LedgerRecord): HappinessState {
  return happinessState(rec.data.happiness as HappinessAnswer[] | undefined, ctx.today(), ctx.config.happiness.stale_after_months);
}

/** The state of a client's answers (stale after `happiness.client_stale_after_months`). */
export function clientHappiness(ctx: Context, rec: LedgerRecord): HappinessState {
  return happinessState(rec.data.happiness as HappinessAnswer[] | undefined, ctx.today(), ctx.config.happiness.client_stale_after_months);
}

/** One line for `show`: "happiness: 4/5 on 2026-10-02 (fresh) ..." */
export function happinessLine(s: HappinessState, what: 'person' | 'client'): string {
  if (s.state === 'none' || !s.latest) return `happiness: never asked${what === 'client' ? ` (crisp client happiness <id> <1-5>)` : ' (crisp person happiness <id> <1-5>)'}`;
  const a = s.latest;
  const parts =
    what === 'client'
      ? [`${a.score}/5`]
      : [`crisp ${a.crisp}/5`, a.tasks !== undefined && `tasks ${a.tasks}/5`, a.client !== undefined && `client ${a.client}/5`, a.wants && `wants ${a.wants} work`].filter(Boolean);
  const flags = [s.state === 'stale' ? `STALE: older than ${s.stale_before}, ask again` : 'fresh', s.call_for_help && (what === 'client' ? 'UNHAPPY: call them' : 'CALL FOR HELP')].filter(Boolean);
  return `happiness: ${parts.join(', ')} on ${a.date} (${flags.join('; ')})`;
}

interface PersonFlags {
  tasks?: string;
  client?: string;
  wants?: string;
  best?: string;
  worst?: string;
  raise?: string;
  date?: string;
}

async function personAnswer(ctx: Context, ref: string, crispScore: string, flags: PersonFlags): Promise<Output> {
  const answer = {
    date: pastDateArg(flags.date, '--date', ctx.today()) ?? ctx.today(),
    crisp: score(crispScore, 'the score'),
    tasks: score(flags.tasks, '--tasks'),
    client: score(flags.client, '--client'),
    wants: choice(flags.wants, ['more', 'same', 'less'] as const, '--wants'),
    best: flags.best,
    worst: flags.worst,
    raise: flags.raise,
  };
  const item = Object.fromEntries(Object.entries(answer).filter(([, v]) => v !== undefined));
  const saved = await editRecord(ctx, 'person', ref, 'happiness', () => [{ op: 'append', key: 'happiness', item }]);
  const state = personHappiness(ctx, saved.record);
  const out = savedOutput(saved, `${saved.record.id}: ${happinessLine(state, 'person')}`);
  out.json = { ...(out.json as object), happiness_state: state };
  if (state.call_for_help) out.notes = [`a 1 or a 2 is a call for help: talk to ${saved.record.id}`, ...(out.notes ?? [])];
  return out;
}

async function clientAnswer(ctx: Context, ref: string, value: string, flags: { note?: string; date?: string }): Promise<Output> {
  const item = {
    date: pastDateArg(flags.date, '--date', ctx.today()) ?? ctx.today(),
    score: score(value, 'the score'),
    by: ctx.actor(),
    ...(flags.note !== undefined && { note: flags.note }),
  };
  const saved = await editRecord(ctx, 'client', ref, 'happiness', () => [{ op: 'append', key: 'happiness', item }]);
  const state = clientHappiness(ctx, saved.record);
  const out = savedOutput(saved, `${saved.record.id}: ${happinessLine(state, 'client')}`);
  out.json = { ...(out.json as object), happiness_state: state };
  if (state.call_for_help) {
    const owner = saved.record.data.owner as string | undefined;
    out.notes = [`an unhappy client: ${owner ? `${owner} (the client owner) should` : 'someone should'} call them; report follow-ups lists it`, ...(out.notes ?? [])];
  }
  return out;
}

export function registerPersonHappiness(person: Command): void {
  person
    .command('happiness <id> <score>')
    .description('record a happiness answer: being in the collective, 1-5 (5 super happy … 1 "I want out")')
    .option('--tasks <1-5>', 'your own tasks')
    .option('--client <1-5>', 'your current client (or your bench situation)')
    .option('--wants <more|same|less>', 'how much work you want: routing asks those who want more first')
    .option('--best <text>', 'what feels best')
    .option('--worst <text>', 'what feels worst')
    .option('--raise <text>', 'what would raise it')
    .option('--date <date>', 'when: today (the default) or earlier')
    .addHelpText(
      'after',
      '\nAnswers older than happiness.stale_after_months (default 2) are stale: ask again.\nAny 1 or 2 is a call for help that others act on.\n\nExample:\n  crisp person happiness alice 4 --tasks 3 --client 4 --wants more --best "the Acme team" --raise "fewer roles"',
    )
    .action(action((ctx, ref: string, value: string, flags: PersonFlags) => personAnswer(ctx, ref, value, flags)));
}

export function registerClientHappiness(client: Command): void {
  client
    .command('happiness <id> <score>')
    .description('record how happy a client is, 1-5 (you are recorded as who asked)')
    .option('--note <text>', 'what they said')
    .option('--date <date>', 'when: today (the default) or earlier')
    .addHelpText(
      'after',
      '\nAnswers older than happiness.client_stale_after_months (default 3) are stale.\nA 1 or 2 puts the client in report follow-ups: call them.\n\nExample:\n  crisp client happiness acme 4 --note "Happy with the pace; worried about SSO"',
    )
    .action(action((ctx, ref: string, value: string, flags: { note?: string; date?: string }) => clientAnswer(ctx, ref, value, flags)));
}
