/** `crisp person`: colleagues in the collective. */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { action, collect } from './run.js';
import { numberArg } from './args.js';
import { createRecord, editRecord, mintId, parseAssignments, savedOutput, setEdits, showOutput, unknownFieldNotes } from './records.js';
import type { Context } from './context.js';
import type { Output } from '../output/index.js';
import { isMemberOn, type CrispletEntry } from '../domain/crisplet.js';
import type { LedgerRecord } from '../ledger/store.js';
import { choice, dateArg } from './args.js';
import { crispletSwitchEdit } from './crisplet.js';
import { happinessLine, personHappiness, registerPersonHappiness } from './happiness.js';
import { personRoleLoad, registerPersonRoles } from './roles.js';
import { allTeams } from './lead-team.js';

interface PersonFlags {
  name?: string;
  email?: string;
  id?: string;
  skill?: string[];
  capacity?: string;
  crisplet?: string;
  from?: string;
}

async function add(ctx: Context, flags: PersonFlags): Promise<Output> {
  const missing = [!flags.name && '--name', !flags.email && '--email'].filter(Boolean);
  if (missing.length) throw usageError('missing-flags', `person add needs ${missing.join(' and ')}`, 'e.g. crisp person add --name "Alice Andersson" --email alice@example.com');
  const saved = await createRecord(ctx, 'person', () => ({
    data: {
      id: mintId(ctx, flags.id, flags.name!),
      name: flags.name,
      email: flags.email,
      skills: flags.skill?.length ? flags.skill : undefined,
      capacity_hours_per_week: numberArg(flags.capacity, '--capacity'),
      created: ctx.today(),
    },
  }));
  return savedOutput(saved);
}

function list(ctx: Context): Output {
  const rows = ctx.ledger.all('person').map((r) => {
    const d = r.data as { name?: string; email?: string; skills?: string[]; capacity_hours_per_week?: number; roles?: { role: string }[] };
    return { id: r.id, path: r.path, name: d.name, email: d.email, skills: d.skills ?? [], capacity_hours_per_week: d.capacity_hours_per_week ?? null, roles: (d.roles ?? []).map((x) => x.role) };
  });
  return {
    json: rows,
    human: { columns: [{ key: 'id', header: 'ID' }, { key: 'name', header: 'NAME' }, { key: 'email', header: 'EMAIL' }, { key: 'capacity_hours_per_week', header: 'H/WEEK', align: 'right' }, { key: 'skills', header: 'SKILLS' }], rows },
  };
}

async function set(ctx: Context, ref: string, assignments: string[], flags: PersonFlags): Promise<Output> {
  const fields: Record<string, unknown> = {
    ...parseAssignments(assignments),
    ...(flags.name !== undefined && { name: flags.name }),
    ...(flags.email !== undefined && { email: flags.email }),
    ...(flags.skill?.length && { skills: flags.skill }),
    ...(flags.capacity !== undefined && { capacity_hours_per_week: numberArg(flags.capacity, '--capacity') }),
  };
  const crisplet = choice(flags.crisplet, ['on', 'off'] as const, '--crisplet');
  if (flags.from !== undefined && !crisplet) throw usageError('from-without-crisplet', '--from goes with --crisplet', 'e.g. crisp person set alice --crisplet on --from 2026-11-01');
  if (!Object.keys(fields).length && !crisplet) throw usageError('nothing-to-set', 'nothing to change', 'pass flags like --capacity 16, or field=value pairs');
  if ('id' in fields) throw usageError('id-immutable', 'an id cannot be changed', 'ids are file names that other records refer to');
  const from = dateArg(flags.from, '--from') ?? ctx.today();
  const saved = await editRecord(ctx, 'person', ref, 'set', (rec) => [...setEdits(fields), ...(crisplet ? [crispletSwitchEdit(rec, crisplet === 'on', from)] : [])]);
  return savedOutput(saved, undefined, unknownFieldNotes(saved.record, fields));
}

/** A person with what is derived about them: happiness state, role load, crisplet membership today. */
function show(ctx: Context, rec: LedgerRecord): Output {
  const happiness = personHappiness(ctx, rec);
  const load = personRoleLoad(ctx, rec);
  const member = isMemberOn(rec.data.crisplet as CrispletEntry[] | undefined, ctx.today());
  const teams = allTeams(ctx).flatMap(({ lead, stage, team }) =>
    team.members.filter((m) => m.person === rec.id && m.status !== 'withdrawn').map((m) => ({ lead, stage, status: m.status, ...(m.hours_per_week !== undefined && { hours_per_week: m.hours_per_week }) })),
  );
  return showOutput(rec, { happiness_state: happiness, role_load: load.load, crisplet_member: member, teams }, [
    happinessLine(happiness, 'person'),
    `role load: ${load.load} (${load.roles.map((r) => (r.client ? `${r.role} ${r.client}` : r.role)).join(', ') || 'no roles'})`,
    `crisplet: ${member ? 'member' : 'not a member'} today`,
    `teams: ${teams.map((t) => `${t.lead} (${t.status}${t.hours_per_week !== undefined ? `, ${t.hours_per_week} h/week` : ''})`).join(', ') || 'none'}`,
  ]);
}

export function register(program: Command): void {
  const person = program.command('person').description('colleagues: who they are, skills, capacity, roles, happiness');
  person
    .command('add')
    .description('add a colleague')
    .option('--name <name>', 'full name')
    .option('--email <email>', 'email (matched against git user.email to know who acts)')
    .option('--id <id>', 'the id to use (default: generated from the name)')
    .option('--skill <skill>', 'a skill (repeatable)', collect)
    .option('--capacity <hours>', 'hours per week available for client work')
    .action(action((ctx, flags: PersonFlags) => add(ctx, flags)));
  person.command('list').alias('ls').description('list colleagues').action(action((ctx) => list(ctx)));
  person
    .command('show <id>')
    .description('show a colleague')
    .action(action((ctx, ref: string) => show(ctx, ctx.ledger.find('person', ref))));
  person
    .command('set <id> [field=value...]')
    .description('change fields (flags, or any field as field=value; field= removes it)')
    .option('--name <name>', 'full name')
    .option('--email <email>', 'email')
    .option('--skill <skill>', 'replace the skills (repeatable)', collect)
    .option('--capacity <hours>', 'hours per week')
    .option('--crisplet <on|off>', 'opt in to or out of the sales crisplet (flat fee + share of billed revenue)')
    .option('--from <date>', 'with --crisplet: from this date (default: today)')
    .addHelpText('after', '\nExample:\n  crisp person set alice --capacity 16\n  crisp person set alice --crisplet on --from 2026-11-01')
    .action(action((ctx, ref: string, assignments: string[], flags: PersonFlags) => set(ctx, ref, assignments, flags)));
  registerPersonRoles(person);
  registerPersonHappiness(person);
}
