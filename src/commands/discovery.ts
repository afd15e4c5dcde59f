/** `crisp discovery`: the paid discovery between the intro meeting and the proposal (seed 004). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BILLINGS, decideDiscoveryBilling, parseEstimatesCsv, updateEstimates, type Billing, type EstimateItem } from '../domain/discovery.js';
import { formatHours } from '../domain/pricing.js';
import { isActiveStage } from '../domain/stages.js';
import { CrispError, usageError } from '../errors.js';
import type { LedgerRecord } from '../ledger/store.js';
import { Change, commitMessage } from '../ledger/transaction.js';
import type { Stage } from '../model/fields.js';
import type { Output } from '../output/index.js';
import { choice, numberArg } from './args.js';
import type { Context } from './context.js';
import { forwardMoveEdits } from './lead-moves.js';
import { appliedNotes, createInto, editInto, editRecord, leadRecordRows, mintId, recordJson, savedOutput, showOutput } from './records.js';
import { action } from './run.js';

export interface DiscoveryData {
  lead: string;
  assignee: string;
  billing: Billing;
  reason?: string;
  assessed_by?: string;
  budget_hours?: number;
  hours_spent?: number;
  started: string;
  status: 'open' | 'done' | 'cancelled';
  estimates?: EstimateItem[];
}

export const discoveryData = (r: LedgerRecord) => r.data as unknown as DiscoveryData;

interface LeadFacts {
  title: string;
  source: string;
  stage: Stage;
  on_hold_from?: Stage;
  client?: string;
  org?: string;
  priority?: { level: string };
}

/** Whether a person holds `role` on `date` (roles carry since/until). */
export function holdsRole(person: LedgerRecord | undefined, role: string, date: string): boolean {
  const roles = (person?.data.roles ?? []) as { role: string; since: string; until?: string }[];
  return roles.some((r) => r.role === role && r.since <= date && (!r.until || r.until >= date));
}

interface StartFlags {
  assignee?: string;
  budget?: string;
  billing?: string;
  reason?: string;
  assessedBy?: string;
  id?: string;
}

const DISCOVERY_BODY = '## Discovery\n\n### Situation\n\n### Problem\n\n### What we found\n\n### Open questions\n';

async function start(ctx: Context, ref: string, flags: StartFlags): Promise<Output> {
  const requested = choice(flags.billing, BILLINGS, '--billing');
  const budget = numberArg(flags.budget, '--budget', '5');
  const actor = ctx.actor();
  const today = ctx.today();
  const assignee = flags.assignee ? ctx.ledger.find('person', flags.assignee).id : actor;
  const assessor = flags.assessedBy ? ctx.ledger.find('person', flags.assessedBy) : undefined;
  let created!: LedgerRecord;
  let moved = '';
  const notes: string[] = [];
  let message = '';
  const applied = await ctx.mutate(() => {
    const leadRec = ctx.ledger.find('lead', ref);
    const lead = leadRec.data as unknown as LeadFacts;
    if (!isActiveStage(lead.stage)) {
      throw new CrispError('lead-closed', `${leadRec.id} is ${lead.stage}; discoveries start on open leads`, { hint: 'a revived deal is a new lead: crisp lead add ... then set previous=<old id> (see `crisp help pipeline`)' });
    }
    const client = lead.client ? ctx.ledger.get('client', lead.client) : undefined;
    const decision = decideDiscoveryBilling({
      source: lead.source,
      priority: lead.priority?.level,
      sector: client?.data.sector as string | undefined,
      requested,
      reason: flags.reason,
      assessedByBusinessDeveloper: assessor ? holdsRole(assessor, 'business-developer', today) : undefined,
    });
    if (!decision.ok) throw new CrispError(decision.code, `${leadRec.id}: ${decision.why}`, { hint: decision.hint });
    const open = ctx.ledger.all('discovery').filter((d) => discoveryData(d).lead === leadRec.id && discoveryData(d).status === 'open');
    if (open.length) notes.push(`note: ${leadRec.id} already has an open discovery (${open.map((d) => d.id).join(', ')})`);
    // Seed 004: discovery is done by whoever is on discovery duty (or scheduled); others may, but say so.
    const onDuty = ctx.ledger.all('person').filter((p) => holdsRole(p, 'discovery-duty', today)).map((p) => p.id);
    if (onDuty.length && !onDuty.includes(assignee)) notes.push(`note: ${assignee} is not on discovery duty today (${onDuty.join(', ')} ${onDuty.length === 1 ? 'is' : 'are'})`);
    const id = mintId(ctx, flags.id, `${lead.title} discovery`);
    message = commitMessage('discovery', 'start', leadRec.id, id);
    const change = new Change(message);
    created = createInto(ctx, change, 'discovery', {
      id,
      lead: leadRec.id,
      assignee,
      billing: decision.billing,
      reason: flags.reason || undefined,
      assessed_by: assessor?.id,
      budget_hours: budget,
      started: today,
      status: 'open',
      created: today,
    }, DISCOVERY_BODY);
    const edits = forwardMoveEdits(lead, 'discovery', actor, today);
    if (edits.length) moved = `; lead ${leadRec.id}: ${lead.stage} → discovery`;
    else notes.push(`note: ${leadRec.id} stays in ${lead.stage} (commands never move a lead backward)`);
    editInto(ctx, change, leadRec, edits);
    return change;
  });
  ctx.ledger.invalidate();
  const d = discoveryData(created);
  return {
    json: recordJson(created),
    human: `${created.id}: discovery started on ${d.lead}, ${d.billing}${d.budget_hours !== undefined ? `, budget ${formatHours(d.budget_hours)} h` : ''}, by ${d.assignee}${moved}`,
    notes: [...notes, ...appliedNotes(applied, message)],
  };
}

interface EstimateFlags {
  task?: string;
  hours?: string;
  notes?: string;
  remove?: boolean;
  fromCsv?: string;
}

async function estimate(ctx: Context, ref: string, flags: EstimateFlags): Promise<Output> {
  let changes: { task: string; hours?: number; notes?: string; remove?: boolean }[];
  if (flags.fromCsv) {
    if (flags.task) throw usageError('bad-flags', '--from-csv and --task do not go together', 'use one of them');
    let text: string;
    try {
      text = readFileSync(resolve(ctx.cwd, flags.fromCsv), 'utf8');
    } catch (e) {
      throw usageError('unreadable-file', `cannot read ${flags.fromCsv}: ${(e as Error).message}`, 'give a CSV file of task,hours[,notes] rows');
    }
    const parsed = parseEstimatesCsv(text);
    if (parsed.errors.length) throw new CrispError('bad-csv', `${flags.fromCsv} has rows crisp cannot read`, { hint: 'each row is task,hours[,notes]; quote a task that holds a comma', details: parsed.errors });
    changes = parsed.rows;
  } else {
    if (!flags.task) throw usageError('missing-flags', 'discovery estimate needs --task (or --from-csv)', 'e.g. crisp discovery estimate <id> --task "Theme changes" --hours 12');
    const hours = numberArg(flags.hours, '--hours', '12');
    if (!flags.remove && hours === undefined) throw usageError('missing-flags', 'an estimate needs --hours (or --remove to drop the task)', `e.g. --task "${flags.task}" --hours 12`);
    changes = [{ task: flags.task, hours, notes: flags.notes, remove: flags.remove }];
  }
  const actions: string[] = [];
  const saved = await editRecord(ctx, 'discovery', ref, 'estimate', (r) => {
    let list = discoveryData(r).estimates ?? [];
    for (const c of changes) {
      const u = updateEstimates(list, c);
      if (u.action === 'missing') throw new CrispError('unknown-task', `${r.id} has no task "${c.task}"`, { hint: `tasks: ${list.map((e) => e.task).join(', ') || 'none yet'}` });
      actions.push(`${u.action} ${c.task}`);
      list = u.estimates;
    }
    return list.length ? [{ op: 'set', key: 'estimates', value: list }] : [{ op: 'delete', key: 'estimates' }];
  });
  const est = discoveryData(saved.record).estimates ?? [];
  const total = est.reduce((s, e) => s + e.hours, 0);
  return savedOutput(saved, `${saved.record.id}: ${actions.join(', ')}; ${est.length} task${est.length === 1 ? '' : 's'}, ${formatHours(total)} h estimated`);
}

async function done(ctx: Context, ref: string, flags: { hours?: string; cancel?: boolean }): Promise<Output> {
  const hours = numberArg(flags.hours, '--hours', '5');
  const saved = await editRecord(ctx, 'discovery', ref, flags.cancel ? 'cancel' : 'done', (r) => {
    const d = discoveryData(r);
    if (d.status !== 'open') throw new CrispError('discovery-closed', `${r.id} is already ${d.status}`, { hint: 'a discovery is finished once; start a new one for new work' });
    const spent = hours ?? d.budget_hours;
    return [{ op: 'set', key: 'status', value: flags.cancel ? 'cancelled' : 'done' }, ...(spent !== undefined ? [{ op: 'set' as const, key: 'hours_spent', value: spent }] : [])];
  });
  const d = discoveryData(saved.record);
  return savedOutput(saved, `${saved.record.id}: ${d.status}${d.hours_spent !== undefined ? `, ${formatHours(d.hours_spent)} h spent` : ''}`);
}

function row(r: LedgerRecord) {
  const d = discoveryData(r);
  const est = d.estimates ?? [];
  return {
    id: r.id,
    path: r.path,
    lead: d.lead,
    assignee: d.assignee,
    billing: d.billing,
    status: d.status,
    started: d.started,
    budget_hours: d.budget_hours ?? null,
    hours_spent: d.hours_spent ?? null,
    estimate_tasks: est.length,
    estimate_hours: Number(formatHours(est.reduce((s, e) => s + e.hours, 0))),
  };
}

function list(ctx: Context, flags: { lead?: string; all?: boolean; status?: string }): Output {
  const rows = leadRecordRows(ctx, 'discovery', flags, { all: ['open', 'done', 'cancelled'], inPlay: ['open', 'done'] }, row);
  return {
    json: rows,
    human: {
      columns: [
        { key: 'id', header: 'ID' },
        { key: 'status', header: 'STATUS' },
        { key: 'billing', header: 'BILLING' },
        { key: 'budget_hours', header: 'BUDGET', align: 'right' },
        { key: 'estimate_hours', header: 'ESTIMATED', align: 'right' },
        { key: 'assignee', header: 'BY' },
        { key: 'lead', header: 'LEAD' },
      ],
      rows,
    },
  };
}

function show(ctx: Context, ref: string): Output {
  const r = ctx.ledger.find('discovery', ref);
  if (r.problems.length) return showOutput(r);
  const x = row(r);
  return showOutput(r, { estimate_hours: x.estimate_hours }, [`estimated: ${x.estimate_tasks} tasks, ${x.estimate_hours} h${x.budget_hours !== null ? `; discovery budget ${x.budget_hours} h` : ''}`]);
}

export function register(program: Command): void {
  const cmd = program.command('discovery').description('paid discoveries: start, estimate, done, list, show');
  cmd
    .command('start <lead>')
    .description('start a discovery on a lead (moves the lead to discovery)')
    .option('--assignee <person>', 'who does it (default: you)')
    .option('--budget <hours>', 'budgeted hours')
    .option('--billing <billing>', `${BILLINGS.join('|')} (default from the lead's source and priority)`)
    .option('--reason <text>', 'why (needed for waived: the tender rules that forbid billing)')
    .option('--assessed-by <person>', 'the business developer who assessed a waived billing')
    .option('--id <id>', 'the id to use (default: generated)')
    .addHelpText(
      'after',
      `
Billing (seed 004): RFP and tender leads are bid on only when High priority, billed on acceptance;
any other High lead may defer billing (on-acceptance); everyone else has a normal paid discovery.
Waived only for a High tender of a government client, with --reason and --assessed-by.

Examples:
  crisp discovery start acme-lms --budget 8
  crisp discovery start city-tender --billing waived --reason "tender rules §4.2" --assessed-by dana`,
    )
    .action(action((ctx, ref: string, flags: StartFlags) => start(ctx, ref, flags)));
  cmd
    .command('estimate <id>')
    .description('add, change (same task name) or remove an estimate')
    .option('--task <name>', 'the task')
    .option('--hours <n>', 'estimated hours')
    .option('--notes <text>', 'assumptions')
    .option('--remove', 'drop the task')
    .option('--from-csv <file>', 'task,hours[,notes] rows')
    .addHelpText('after', '\nExamples:\n  crisp discovery estimate acme-lms-d4p2 --task "Theme changes" --hours 12\n  crisp discovery estimate acme-lms-d4p2 --task "Theme changes" --remove\n  crisp discovery estimate acme-lms-d4p2 --from-csv estimates.csv')
    .action(action((ctx, ref: string, flags: EstimateFlags) => estimate(ctx, ref, flags)));
  cmd
    .command('done <id>')
    .description('finish a discovery: status done, hours spent (default: the budget)')
    .option('--hours <n>', 'hours spent')
    .option('--cancel', 'cancelled instead of done')
    .action(action((ctx, ref: string, flags: { hours?: string; cancel?: boolean }) => done(ctx, ref, flags)));
  cmd
    .command('list')
    .alias('ls')
    .description('discoveries (cancelled ones with --all)')
    .option('--lead <id>', 'only this lead\'s')
    .option('--status <status>', 'open, done or cancelled')
    .option('--all', 'include cancelled')
    .action(action((ctx, flags: { lead?: string; all?: boolean; status?: string }) => list(ctx, flags)));
  cmd.command('show <id>').description('a discovery with its estimates and document').action(action((ctx, ref: string) => show(ctx, ref)));
}
