/**
 * `crisp person roles <id>`: dated roles from the person's file, and client ownerships derived from
 * the clients' `owner` (the one place ownership is kept, DESIGN.md §6). Role load counts both.
 */
import type { Command } from 'commander';
import { CrispError, usageError } from '../errors.js';
import { endRoleRefusal, isRoleActive, roleLoad, type RoleClient, type RoleEntry, type RoleLoad } from '../domain/roles.js';
import type { LedgerRecord } from '../ledger/store.js';
import { ROLES } from '../model/fields.js';
import type { Output } from '../output/index.js';
import { choice, dateArg } from './args.js';
import type { Context } from './context.js';
import { appliedNotes, editRecord } from './records.js';
import { action } from './run.js';

interface RolesFlags {
  add?: string;
  since?: string;
  until?: string;
  client?: string;
  end?: string;
  on?: string;
  date?: string;
}

export function clientsForRoles(ctx: Context): RoleClient[] {
  return ctx.ledger.all('client').map((c) => ({ id: c.id, name: c.data.name as string | undefined, owner: c.data.owner as string | undefined }));
}

/** A person's role load today (or on `date`), for show and for report capacity. */
export function personRoleLoad(ctx: Context, rec: LedgerRecord, date = ctx.today()): RoleLoad {
  return roleLoad({ id: rec.id, roles: rec.data.roles as RoleEntry[] | undefined }, clientsForRoles(ctx), date);
}

function view(ctx: Context, rec: LedgerRecord, date: string): { json: Record<string, unknown>; human: string } {
  const entries = (rec.data.roles as RoleEntry[] | undefined) ?? [];
  const load = personRoleLoad(ctx, rec, date);
  const owned = load.roles.filter((r) => r.source === 'client-owner');
  const limit = ctx.config.capacity.role_load_limit;
  const verdict = load.load > limit ? 'over the limit: not open to new work' : load.load === limit ? 'at the limit: careful' : 'under the limit';
  const lines = [
    `${rec.id}: role load ${load.load} on ${date} (limit ${limit}; ${verdict})`,
    ...entries.map((r) => `  ${isRoleActive(r, date) ? '*' : ' '} ${r.role}${r.client ? ` for ${r.client}` : ''}  ${r.since} → ${r.until ?? 'open'}`),
    ...owned.map((r) => `  * client owner of ${r.client}  (from clients/${r.client}: owner)`),
  ];
  if (!entries.length && !owned.length) lines.push('  no roles');
  return {
    json: {
      id: rec.id,
      path: rec.path,
      date,
      role_load: load.load,
      role_load_limit: limit,
      roles: entries.map((r) => ({ ...r, active: isRoleActive(r, date) })),
      client_ownerships: owned.map((r) => r.client),
      held: load.roles,
    },
    human: lines.join('\n'),
  };
}

async function roles(ctx: Context, ref: string, flags: RolesFlags): Promise<Output> {
  if (flags.add && flags.end) throw usageError('roles-one-verb', 'use --add or --end, not both', 'e.g. crisp person roles alice --add coach --since 2026-12-01 --client acme');
  const date = dateArg(flags.date, '--date') ?? ctx.today();
  if (!flags.add && !flags.end) {
    for (const f of ['since', 'until', 'on'] as const) if (flags[f] !== undefined) throw usageError('roles-flag-alone', `--${f} goes with --add or --end`, 'e.g. crisp person roles alice --add coach --since 2026-12-01');
    return view(ctx, ctx.ledger.find('person', ref), date);
  }
  const client = flags.client === undefined ? undefined : ctx.ledger.find('client', flags.client).id;
  let saved;
  if (flags.add) {
    const role = choice(flags.add, ROLES, '--add')!;
    const since = dateArg(flags.since, '--since') ?? ctx.today();
    const until = dateArg(flags.until, '--until');
    if (until !== undefined && until < since) throw usageError('roles-until-before-since', `--until ${until} is before --since ${since}`, 'a role ends on or after the day it starts');
    const item = { role, ...(client && { client }), since, ...(until && { until }) };
    saved = await editRecord(ctx, 'person', ref, 'roles', () => [{ op: 'append', key: 'roles', item }]);
  } else {
    const role = choice(flags.end, ROLES, '--end')!;
    const on = dateArg(flags.on, '--on') ?? ctx.today();
    saved = await editRecord(ctx, 'person', ref, 'roles', (rec) => {
      const list = ((rec.data.roles as RoleEntry[] | undefined) ?? []).map((r) => ({ ...r }));
      const refusal = endRoleRefusal(list, role, on, client);
      if (refusal) throw new CrispError('roles-refused', refusal, { hint: `crisp person roles ${rec.id} shows the roles and their dates` });
      const open = list.find((r) => r.role === role && r.until === undefined && (client === undefined || r.client === client))!;
      open.until = on;
      return [{ op: 'set', key: 'roles', value: list }];
    });
  }
  const out = view(ctx, saved.record, date);
  return { ...out, notes: appliedNotes(saved.applied, saved.message) };
}

export function registerPersonRoles(person: Command): void {
  person
    .command('roles <id>')
    .description('roles with their dates, client ownerships beside them, and the role load')
    .option('--add <role>', `hold a role: ${ROLES.join(', ')}`)
    .option('--since <date>', 'with --add: from (default: today)')
    .option('--until <date>', 'with --add: to (inclusive)')
    .option('--client <id>', 'the client the role is for (e.g. a coach)')
    .option('--end <role>', 'end an open role')
    .option('--on <date>', 'with --end: the last day (default: today)')
    .option('--date <date>', 'show the roles held on this date (default: today)')
    .addHelpText(
      'after',
      `
Client ownership is not a role in this list: it lives in clients/<id>.md (owner) and is shown here.
Role load (roles held + clients owned) decides "open to new work?" before capacity does.

Examples:
  crisp person roles alice
  crisp person roles alice --add discovery-duty --since 2026-11-16 --until 2026-11-27
  crisp person roles alice --add coach --client acme --since 2026-01-10
  crisp person roles alice --end coach --on 2026-12-31`,
    )
    .action(action((ctx, ref: string, flags: RolesFlags) => roles(ctx, ref, flags)));
}
