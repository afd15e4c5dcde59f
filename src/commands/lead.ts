/** `crisp lead`: the pipeline, one file per lead. */
import type { Command } from 'commander';
import { CrispError, usageError } from '../errors.js';
import { emailTooLong, introFollowUp, lastTouchDate, nextStep, rotsSince, touchCount } from '../domain/leads.js';
import { scoreLead } from '../domain/rubric.js';
import { checkStageMove, isActiveStage } from '../domain/stages.js';
import { editFrontmatter, type Edit } from '../ledger/codec.js';
import { parseLedgerRecord, type LedgerRecord } from '../ledger/store.js';
import { CHANNELS, SEGMENTS, SOURCES, STAGES, type Stage } from '../model/fields.js';
import type { Output, Table } from '../output/index.js';
import { choice, followUpArg, numberArg, pastDateArg } from './args.js';
import type { Context } from './context.js';
import { createRecord, editRecord, mintId, parseAssignments, savedOutput, setEdits, showOutput, unknownFieldNotes } from './records.js';
import { action, collect } from './run.js';
import { stageMoveEdits } from './lead-moves.js';
import { registerLeadTeam } from './lead-team.js';
import { listQueryFrom, listQueryOptions, runListQuery, type ListQueryFlags } from './list-flags.js';
import { parseWhere } from '../domain/list-query.js';
import { KINDS } from '../model/kinds.js';
import { stageRequirements, type LeadStageFields } from '../model/lead-rules.js';
import { prompts } from '../prompts.js';

interface LeadData {
  title: string;
  client?: string;
  org?: string;
  source: string;
  owner?: string;
  stage: Stage;
  stage_entered: string;
  on_hold_from?: Stage;
  segment?: string;
  value?: number;
  follow_up?: string;
  created: string;
  priority?: { score: number; level: string; scored: string; criteria?: Record<string, number> };
  touches?: { date: string; channel: string; by?: string; direction?: string; kind?: string; note?: string }[];
}

const lead = (r: LedgerRecord) => r.data as unknown as LeadData;

/** The lead fields `add` and `set` both take as flags. */
interface FieldFlags {
  title?: string;
  client?: string;
  org?: string;
  source?: string;
  owner?: string;
  value?: string;
  segment?: string;
  followUp?: string;
}

interface AddFlags extends FieldFlags {
  id?: string;
}

async function askMissing(ctx: Context, flags: AddFlags): Promise<AddFlags> {
  const { input, select } = await prompts();
  const out = { ...flags };
  out.title ??= await input({ message: 'Title (what the client wants)', required: true });
  if (!out.client && !out.org) {
    const clients = ctx.ledger.all('client');
    const picked = await select({
      message: 'Client',
      choices: [{ name: 'A new organisation (no client record yet)', value: '' }, ...clients.map((c) => ({ name: `${String(c.data.name)} (${c.id})`, value: c.id }))],
    });
    if (picked) out.client = picked;
    else out.org = await input({ message: 'Organisation name', required: true });
  }
  out.source ??= await select({ message: 'Source', choices: SOURCES.map((s) => ({ name: s, value: s })) });
  out.value ??= (await input({ message: 'Estimated value (blank if unknown)' })) || undefined;
  out.followUp ??= (await input({ message: 'Follow up (7d, 2w or a date; blank for none)' })) || undefined;
  return out;
}

async function add(ctx: Context, given: AddFlags): Promise<Output> {
  const noFlags = Object.values(given).every((v) => v === undefined);
  const flags = noFlags && ctx.interactive ? await askMissing(ctx, given) : given;
  if (flags.client !== undefined && flags.org !== undefined) {
    throw usageError('client-or-org', 'lead add takes --client or --org, not both', 'use --client <id> for a client record, or --org "Name" when there is none yet (crisp client list shows the clients)');
  }
  const missing = [!flags.title && '--title', !flags.client && !flags.org && '--client <id> or --org "Name"', !flags.source && '--source'].filter(Boolean);
  if (missing.length) {
    throw usageError('missing-flags', `lead add needs ${missing.join(', ')}`, `e.g. crisp lead add --title "LMS upgrade" --org "Acme" --source website (sources: ${SOURCES.join(', ')})`);
  }
  const actor = ctx.actor();
  const today = ctx.today();
  const saved = await createRecord(ctx, 'lead', () => ({
    data: {
      id: mintId(ctx, flags.id, flags.title!),
      title: flags.title,
      client: flags.client ? ctx.ledger.find('client', flags.client).id : undefined,
      org: flags.client ? undefined : flags.org,
      source: choice(flags.source, SOURCES, '--source'),
      owner: flags.owner ? ctx.ledger.find('person', flags.owner).id : actor,
      stage: 'new',
      stage_entered: today,
      stage_history: [{ stage: 'new', date: today, by: actor }],
      segment: choice(flags.segment?.toUpperCase(), SEGMENTS, '--segment'),
      value: numberArg(flags.value, '--value', '12000'),
      created: today,
      follow_up: followUpArg(flags.followUp, today),
    },
  }));
  return savedOutput(saved);
}

export interface ListFlags {
  all?: boolean;
  owner?: string;
  stage?: string;
  source?: string;
  segment?: string;
}

/**
 * What a lead list needs of one lead file, small enough to cache for every lead (Ledger.summaries):
 * its top-level plain fields, the priority's level, and its touches as a count and a last date.
 * Pure on the file; what depends on today (next step, rotting) is worked out from it per run.
 */
export interface LeadListing {
  [field: string]: unknown;
  id: string;
  path: string;
  title: string;
  stage: Stage;
  stage_entered: string;
  priority: string | null;
  touches: number;
  last_touch: string | null;
}

/** Bump when leadListing changes what it keeps (it names the summary cache). */
const LISTING = 'lead.list-1';
/** The listings of open and on-hold leads only (a closed lead's entry holds none): what a plain `lead list` reads, half the size. */
const OPEN_LISTING = 'lead.list-open-1';
const openLeadListing = (r: LedgerRecord): LeadListing | null => (isActiveStage(lead(r).stage) ? leadListing(r) : null);

export function leadListing(r: LedgerRecord): LeadListing {
  const d = lead(r);
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r.data)) if (v === null || typeof v !== 'object') plain[k] = v;
  return { ...plain, id: r.id, path: r.path, title: d.title, stage: d.stage, stage_entered: d.stage_entered, priority: d.priority?.level ?? null, touches: touchCount(d), last_touch: lastTouchDate(d) ?? null };
}

/** The row `lead list` shows (and `--json` gives) for a lead. */
export function leadRow(ctx: Context, l: LeadListing) {
  const today = ctx.today();
  const d = l as unknown as LeadData;
  const rotting = isActiveStage(l.stage) && l.stage !== 'on-hold' && rotsSince(l.stage_entered, l.last_touch ?? undefined, ctx.config.stages[l.stage]?.rotting_days, today);
  return {
    id: l.id,
    path: l.path,
    title: l.title,
    client: d.client ?? null,
    org: d.org ?? null,
    stage: l.stage,
    value: d.value ?? null,
    owner: d.owner ?? null,
    priority: l.priority,
    follow_up: d.follow_up ?? null,
    next_step: isActiveStage(l.stage) ? nextStep(d, today) : null,
    rotting,
    touches: l.touches,
    last_touch: l.last_touch,
  };
}

/** Fields a `--where` or `--sort` can name that every lead listing holds as the file does. */
const LISTED_FIELDS = new Set(['source', 'stage_entered', 'on_hold_from', 'segment', 'probability', 'created', 'previous', 'bun', 'title', 'client', 'org', 'owner', 'value', 'follow_up']);

async function list(ctx: Context, flags: ListFlags & ListQueryFlags): Promise<Output> {
  const stage = choice(flags.stage, STAGES, '--stage');
  // Closed leads' listings are read only when closed leads may be shown.
  const closedToo = Boolean(stage || flags.all || (flags.where ?? []).some((w) => parseWhere(w)?.field === 'stage'));
  // The listing's cache loads while git scans the work tree.
  await ctx.ledger.prepare('lead', [closedToo ? LISTING : OPEN_LISTING]);
  const owner = flags.owner ? ctx.ledger.find('person', flags.owner).id : undefined;
  const source = choice(flags.source, SOURCES, '--source');
  const summaries = closedToo ? ctx.ledger.summaries('lead', LISTING, leadListing) : ctx.ledger.summaries('lead', OPEN_LISTING, openLeadListing);
  const rowKeys = Object.keys(leadRow(ctx, { id: '', path: '', title: '', stage: 'new', stage_entered: '', priority: null, touches: 0, last_touch: null }));
  // A list row's fields (next_step, rotting, touches as a count, priority as its level) over the file's.
  const known = [...new Set([...Object.keys(KINDS.lead.schema.shape), ...rowKeys, ...Object.keys(summaries[0]?.value ?? {})])];
  const query = listQueryFrom(flags, known, [
    ...(stage ? [{ field: 'stage', op: '=' as const, values: [stage] }] : []),
    ...(owner ? [{ field: 'owner', op: '=' as const, values: [owner] }] : []),
    ...(source ? [{ field: 'source', op: '=' as const, values: [source] }] : []),
    ...(flags.segment ? [{ field: 'segment', op: '=' as const, values: [choice(flags.segment.toUpperCase(), SEGMENTS, '--segment')!] }] : []),
  ]);
  // The next step sorts by urgency, which is the follow-up date: overdue first (the oldest first),
  // then due today, then scheduled; nothing scheduled and closed leads last.
  if (query.sort?.field === 'next_step') query.sort.key = (f) => (f.next_step && f.next_step !== 'nothing scheduled' ? f.follow_up : undefined);
  // Filters and sorts on the listed fields read the cached listings; any other field, the files.
  const asked = [...query.where.map((w) => w.field), ...(query.sort ? [query.sort.field] : [])];
  const listings = asked.every((f) => LISTED_FIELDS.has(f) || rowKeys.includes(f))
    ? summaries.map((s) => ({ fields: s.value }))
    : ctx.ledger.all('lead').filter((r) => !r.problems.length).map((r) => ({ fields: { ...r.data, ...leadListing(r) } }));
  const rows = new Map<(typeof listings)[number], Record<string, unknown> & ReturnType<typeof leadRow>>();
  const fieldsOf = (l: (typeof listings)[number]) => rows.get(l) ?? rows.set(l, { ...l.fields, ...leadRow(ctx, l.fields) }).get(l)!;
  const open = (l: (typeof listings)[number]) => stage || flags.all || isActiveStage(l.fields.stage) || query.where.some((w) => w.field === 'stage');
  const listed = runListQuery(listings.filter(open), query, fieldsOf).map((l) => leadRow(ctx, l.fields));
  const human: Table = {
    columns: [
      { key: 'id', header: 'ID' },
      { key: 'stage', header: 'STAGE' },
      { key: 'value', header: 'VALUE', align: 'right' },
      { key: 'owner', header: 'OWNER' },
      { key: 'priority', header: 'PRIO' },
      { key: 'touches', header: 'TOUCHES', align: 'right' },
      { key: 'next', header: 'NEXT' },
      { key: 'title', header: 'TITLE' },
    ],
    rows: listed.map((r) => ({ ...r, next: [r.next_step === 'scheduled' ? `${r.follow_up}` : r.next_step, r.rotting ? 'rotting' : ''].filter(Boolean).join(', ') })),
    style: (row, key) =>
      key !== 'next' ? undefined : row.next_step === 'overdue' ? 'red' : row.next_step === 'due today' || row.rotting ? 'yellow' : undefined,
  };
  return { json: listed, human };
}

function show(ctx: Context, ref: string): Output {
  const r = ctx.ledger.find('lead', ref);
  if (r.problems.length) return showOutput(r);
  const row = leadRow(ctx, leadListing(r));
  const goal = ctx.config.followups.touches_goal;
  const d = lead(r);
  const lines = [
    `touches: ${row.touches} of ${goal}${row.touches >= goal ? ' (rule of seven reached)' : ` (${goal - row.touches} to go: it takes about seven touches)`}`,
    `next step: ${row.next_step ?? 'closed'}${row.follow_up ? ` (${row.follow_up})` : ''}${row.rotting ? `; rotting: no touch for over ${ctx.config.stages[d.stage]?.rotting_days} days in ${d.stage}` : ''}`,
  ];
  if (d.priority?.criteria) {
    lines.push(`priority: ${d.priority.level} (${d.priority.score}: ${Object.entries(d.priority.criteria).map(([k, v]) => `${k} ${v}×${ctx.config.rubric.criteria[k] ?? '?'}`).join(', ')})`);
  }
  return showOutput(r, { touch_count: row.touches, touches_goal: goal, next_step: row.next_step, rotting: row.rotting }, lines);
}

interface SetFlags extends FieldFlags {
  probability?: string;
}

async function set(ctx: Context, ref: string, assignments: string[], flags: SetFlags): Promise<Output> {
  const fields: Record<string, unknown> = {
    ...parseAssignments(assignments),
    ...(flags.title !== undefined && { title: flags.title }),
    ...(flags.client !== undefined && { client: ctx.ledger.find('client', flags.client).id }),
    ...(flags.org !== undefined && { org: flags.org }),
    ...(flags.source !== undefined && { source: choice(flags.source, SOURCES, '--source') }),
    ...(flags.owner !== undefined && { owner: ctx.ledger.find('person', flags.owner).id }),
    ...(flags.value !== undefined && { value: numberArg(flags.value, '--value', '12000') }),
    ...(flags.segment !== undefined && { segment: choice(flags.segment.toUpperCase(), SEGMENTS, '--segment') }),
    ...(flags.followUp !== undefined && { follow_up: followUpArg(flags.followUp, ctx.today()) }),
    ...(flags.probability !== undefined && { probability: numberArg(flags.probability, '--probability', '0.3') }),
  };
  if (!Object.keys(fields).length) throw usageError('nothing-to-set', 'nothing to change', 'pass flags like --value 20000, or field=value pairs');
  for (const k of ['id', 'stage', 'stage_entered', 'stage_history', 'created']) {
    if (k in fields) throw usageError('use-command', `${k} is not set directly`, k.startsWith('stage') ? 'move a lead with `crisp lead stage <id> <stage>`' : 'ids and creation dates never change');
  }
  const saved = await editRecord(ctx, 'lead', ref, 'set', () => setEdits(fields));
  return savedOutput(saved, undefined, unknownFieldNotes(saved.record, fields));
}

interface TouchFlags {
  channel?: string;
  in?: boolean;
  intro?: boolean;
  note?: string;
  date?: string;
  followUp?: string;
}

async function touch(ctx: Context, ref: string, flags: TouchFlags): Promise<Output> {
  if (!flags.channel) throw usageError('missing-flags', 'lead touch needs --channel', `one of ${CHANNELS.join(', ')}`);
  const channel = choice(flags.channel, CHANNELS, '--channel')!;
  if (flags.intro && channel !== 'meeting') throw usageError('bad-flags', '--intro marks an intro meeting, so it needs --channel meeting', 'crisp lead touch <id> --channel meeting --intro');
  const today = ctx.today();
  const date = pastDateArg(flags.date, '--date', today) ?? today;
  const actor = ctx.actor();
  const followUp = followUpArg(flags.followUp, today) ?? (flags.intro ? introFollowUp(date, ctx.config.followups.intro_follow_up_days) : undefined);
  const notes: string[] = [];
  const max = ctx.config.followups.email_max_chars;
  if (emailTooLong(channel, flags.note, max)) notes.push(`warning: this email is ${flags.note!.length} characters; keep emails under ${max} (short emails get answers)`);
  const item = { date, channel, by: actor, ...(flags.in && { direction: 'in' }), ...(flags.intro && { kind: 'intro' }), ...(flags.note && { note: flags.note }) };
  const saved = await editRecord(ctx, 'lead', ref, 'touch', (r) => {
    if (!isActiveStage(lead(r).stage)) throw new CrispError('lead-closed', `${r.id} is ${lead(r).stage}; touches go on open leads`, { hint: 'a revived deal is a new lead: crisp lead add ... then set previous=<old id> (see `crisp help pipeline`)' });
    const edits: Edit[] = [{ op: 'append', key: 'touches', item }];
    if (followUp) edits.push({ op: 'set', key: 'follow_up', value: followUp });
    return edits;
  });
  const count = touchCount(lead(saved.record));
  const goal = ctx.config.followups.touches_goal;
  const human = `${saved.record.id}: touch ${count} of ${goal} (${channel}${flags.in ? ', in' : ''}${flags.intro ? ', intro meeting' : ''})${followUp ? `; follow up ${followUp}` : ''}`;
  return savedOutput(saved, human, notes);
}

/**
 * A move must leave the lead as `validate` accepts it: the stage's own requirements (`stage-requires`
 * in model/lead-rules.ts) are checked on the lead as the move leaves it, before anything is written.
 */
function refuseUnmetStage(after: LedgerRecord): void {
  const unmet = stageRequirements(after.data as LeadStageFields).find((r) => r.severity === 'error');
  if (!unmet) return;
  const d = lead(after);
  const hint = d.stage === 'won' && !d.client
    ? `add the client (crisp client add --name ${JSON.stringify(d.org ?? 'Name')}), set it on the lead (crisp lead set ${after.id} --client <client-id>) and move it again; or win it through \`crisp proposal sign <proposal>\`, which creates the client`
    : unmet.hint;
  throw new CrispError('stage-requires', `${after.id} cannot move to ${d.stage}: ${unmet.message}`, { hint });
}

async function stage(ctx: Context, ref: string, to: string, flags: { reason?: string }): Promise<Output> {
  const target = choice(to, STAGES, 'the stage')!;
  const actor = ctx.actor();
  const today = ctx.today();
  let from: Stage = 'new';
  const saved = await editRecord(ctx, 'lead', ref, 'stage', (r) => {
    const d = lead(r);
    from = d.stage;
    const move = checkStageMove({ from: d.stage, to: target, reason: flags.reason, onHoldFrom: d.on_hold_from });
    if (!move.ok) {
      throw new CrispError('stage-refused', `${r.id} cannot move from ${d.stage} to ${target}: ${move.why}`, {
        hint: `${move.allowed.length ? `allowed from ${d.stage}: ${move.allowed.join(', ')}; ` : ''}see \`crisp help pipeline\``,
      });
    }
    const edits = stageMoveEdits(d, target, actor, today, flags.reason);
    // Checked here, before the general check of the record, so the refusal names the move.
    refuseUnmetStage(parseLedgerRecord('lead', r.id, r.path, editFrontmatter(r.text, edits)));
    return edits;
  });
  return savedOutput(saved, `${saved.record.id}: ${from} → ${target}`);
}

async function score(ctx: Context, ref: string, flags: { criterion?: string[] }): Promise<Output> {
  const given: Record<string, number> = {};
  for (const c of flags.criterion ?? []) {
    const m = /^([a-z][a-z0-9_]*)=(\d+)$/.exec(c);
    if (!m) throw usageError('bad-criterion', `"${c}" is not name=value`, `e.g. --criterion strategic_fit=3 (criteria: ${Object.keys(ctx.config.rubric.criteria).join(', ')})`);
    given[m[1]!] = Number(m[2]);
  }
  const rubric = ctx.config.rubric;
  const unknown = Object.keys(given).filter((k) => !(k in rubric.criteria));
  if (unknown.length) throw usageError('unknown-criterion', `unknown criterion ${unknown.join(', ')}`, `the rubric in crisp.yaml knows: ${Object.keys(rubric.criteria).join(', ')}`);
  let breakdown: { criterion: string; weight: number; value: number; points: number }[] = [];
  const saved = await editRecord(ctx, 'lead', ref, 'score', (r) => {
    const result = scoreLead(rubric, given, lead(r).priority?.criteria ?? {});
    if (!result.ok) {
      const hint = result.code === 'missing-criteria'
        ? `give them all: ${result.names.map((n) => `--criterion ${n}=<0-3>`).join(' ')}`
        : `criteria: ${Object.keys(rubric.criteria).join(', ')}; values 0-3 (see \`crisp help pipeline\`)`;
      throw usageError(result.code, result.message, hint);
    }
    breakdown = result.result.breakdown;
    const { score: s, level, criteria } = result.result;
    return [{ op: 'set', key: 'priority', value: { score: s, level, scored: ctx.today(), criteria } }];
  });
  const p = lead(saved.record).priority!;
  const out = savedOutput(saved);
  const table = breakdown.map((b) => `  ${b.criterion.padEnd(24)} ${b.value} × ${b.weight} = ${b.points}`);
  out.human = [`${saved.record.id}: ${p.level} (score ${p.score}; High ≥ ${rubric.thresholds.high}, Medium ≥ ${rubric.thresholds.medium})`, ...table].join('\n');
  out.json = { ...(out.json as object), breakdown };
  return out;
}

export function register(program: Command): void {
  const leads = program.command('lead').description('leads: the sales pipeline');
  const fieldFlags = (c: Command) =>
    c
      .option('--title <title>', 'what the client wants')
      .option('--client <id>', 'the client record')
      .option('--org <name>', 'the organisation, when there is no client record yet')
      .option('--source <source>', SOURCES.join('|'))
      .option('--owner <person>', 'who follows this lead up (default: you)')
      .option('--value <amount>', 'estimated deal value')
      .option('--segment <segment>', 'A, B or C')
      .option('--follow-up <when>', '7d, 2w, today, tomorrow or a date');
  fieldFlags(leads.command('add').description('add a lead (with no flags on a terminal, asks)'))
    .option('--id <id>', 'the id to use (default: generated from the title)')
    .addHelpText('after', '\nExample:\n  crisp lead add --title "LMS upgrade" --client acme --source website --value 24000 --follow-up 7d')
    .action(action((ctx, flags: AddFlags) => add(ctx, flags)));
  const listCmd = leads
    .command('list')
    .alias('ls')
    .description('open leads with their next step (follow-up overdue, due today, scheduled, nothing) and rotting')
    .option('--all', 'include won and lost')
    .option('--owner <person>', 'only this owner')
    .option('--stage <stage>', 'only this stage')
    .option('--source <source>', 'only this source')
    .option('--segment <segment>', 'only this segment');
  listQueryOptions(listCmd, { where: 'stage=proposal', sort: '-value' })
    .addHelpText('after', '\nExamples:\n  crisp lead list --where stage=proposal --where segment=A --sort -value\n  crisp lead list --all --where value>=20000 --where priority=High --limit 5')
    .action(action((ctx, flags: ListFlags & ListQueryFlags) => list(ctx, flags)));
  leads.command('show <id>').description('a lead, its touches against the rule of seven, its next step').action(action((ctx, ref: string) => show(ctx, ref)));
  fieldFlags(leads.command('set <id> [field=value...]').description('change fields (flags, or any field as field=value; field= removes it)'))
    .option('--probability <p>', 'win probability 0-1, overriding the stage\'s')
    .action(action((ctx, ref: string, a: string[], flags: SetFlags) => set(ctx, ref, a, flags)));
  leads
    .command('touch <id>')
    .description('record a touch (an email, call, meeting, ...)')
    .option('--channel <channel>', CHANNELS.join('|'))
    .option('--in', 'the client wrote or called us')
    .option('--intro', 'an intro meeting (with --channel meeting): follow-up a week out')
    .option('--note <text>', 'what was said')
    .option('--date <date>', 'when: today (the default) or earlier')
    .option('--follow-up <when>', 'set the next follow-up')
    .action(action((ctx, ref: string, flags: TouchFlags) => touch(ctx, ref, flags)));
  leads
    .command('stage <id> <stage>')
    .description(`move a lead: ${STAGES.join(', ')}`)
    .option('--reason <text>', 'why (needed for lost and for moving back)')
    .addHelpText('after', '\nForward any number of steps; back needs --reason; won only from proposal;\nlost from any open stage with --reason; on-hold and back to the stage it left.')
    .action(action((ctx, ref: string, to: string, flags: { reason?: string }) => stage(ctx, ref, to, flags)));
  leads
    .command('score <id>')
    .description('score a lead with the rubric in crisp.yaml: High, Medium or Low')
    .option('--criterion <name=0-3>', 'a criterion score (repeatable)', collect)
    .addHelpText('after', '\nExample:\n  crisp lead score acme-lms --criterion strategic_fit=3 --criterion budget=2 --criterion open_source_appetite=3 --criterion relationship=1')
    .action(action((ctx, ref: string, flags: { criterion?: string[] }) => score(ctx, ref, flags)));
  registerLeadTeam(leads);
}
