/**
 * `crisp bun`: routing client requests between colleagues (DESIGN.md §1 "The bun protocol").
 * Every verb appends one immutable event file; the state is the fold in domain/buns.ts, which also
 * decides every refusal.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrispError, usageError } from '../errors.js';
import { BUN_KINDS, bunEventFileName, bunRefusal, kindFromSubject, talkFirstClaims, type BunEvent, type BunKind } from '../domain/buns.js';
import { bunEventsFolder, bunEventText } from '../ledger/bun-log.js';
import { serializeRecord } from '../ledger/codec.js';
import { randomSuffix } from '../ledger/ids.js';
import { Change, commitMessage } from '../ledger/transaction.js';
import { SOURCES } from '../model/fields.js';
import { escapeControl, type Output, type Table } from '../output/index.js';
import { choice, dateArg } from './args.js';
import { allBunViews, bunJson, bunView, suggestionsFor, type BunView } from './bun-view.js';
import type { Context } from './context.js';
import { appliedNotes, checkedRecord, createRecord, mintId } from './records.js';
import { action, collect } from './run.js';

const BUN_HELP = `
The protocol: a bun has exactly one holder. The holder eats it (claim), offers it (to one colleague or
to all), or throws it (politely says no). Nobody is made holder without claiming ("push in, pull after").
Age counts working days since the post, last offer or reheat: fresh, warm after 1, stale after 2.

Examples:
  crisp bun post "Acme wants a coach for 3 teams" --from "Acme, Jane Doe" --tag coaching
  crisp bun offer acme-wants --all --note "Starts in January, two days a week. Anyone?"
  crisp bun claim acme-wants            (also: take, eat)
  crisp bun list --stale
  crisp bun show acme-wants`;

function message(given: string | undefined): string {
  if (given === '-') return readFileSync(0, 'utf8');
  return given ?? '';
}

interface PostFlags {
  from?: string;
  client?: string;
  lead?: string;
  tag?: string[];
  kind?: string;
  subject?: string;
  message?: string;
  id?: string;
}

async function post(ctx: Context, title: string | undefined, flags: PostFlags): Promise<Output> {
  const fromSubject = flags.subject !== undefined ? kindFromSubject(flags.subject, ctx.config.buns.tags) : undefined;
  const kind: BunKind = choice(flags.kind, BUN_KINDS, '--kind') ?? fromSubject?.kind ?? 'bun';
  const name = title ?? fromSubject?.title;
  if (!name) throw usageError('missing-title', 'bun post needs a title (or --subject)', 'e.g. crisp bun post "Acme wants a coach for 3 teams" --from "Acme, Jane Doe"');
  const actor = ctx.actor();
  const body = message(flags.message);
  const saved = await createRecord(
    ctx,
    'bun',
    () => ({
      data: {
        id: mintId(ctx, flags.id, name),
        title: name,
        kind,
        from: flags.from,
        received_by: actor,
        received: ctx.now().toISOString(),
        tags: flags.tag?.length ? flags.tag : undefined,
        client: flags.client ? ctx.ledger.find('client', flags.client).id : undefined,
        lead: flags.lead ? ctx.ledger.find('lead', flags.lead).id : undefined,
      },
      body: body && !body.endsWith('\n') ? `${body}\n` : body,
    }),
    'post',
  );
  const view = bunView(ctx.root, ctx.config, saved.record, ctx.today());
  return { json: { ...bunJson(view), event: null }, human: bunSummary(view), notes: appliedNotes(saved.applied, saved.message) };
}

/** Append one event to a bun, refusing what the fold forbids; extra files (a lead) go in the same commit. */
async function appendEvent(
  ctx: Context,
  ref: string,
  verb: BunEvent['verb'],
  fields: Omit<BunEvent, 'file' | 'verb' | 'by' | 'at' | 'after'>,
  body = '',
  extra?: (view: BunView, change: Change, event: BunEvent) => void,
): Promise<Output> {
  const actor = ctx.actor();
  let eventPath = '';
  let msg = '';
  let id = '';
  const applied = await ctx.mutate(() => {
    const record = ctx.ledger.find('bun', ref);
    if (record.problems.length) throw new CrispError('unreadable-record', `${record.path} does not parse, so crisp will not add to it`, { hint: 'fix it by hand first (crisp validate shows where)' });
    id = record.id;
    const view = bunView(ctx.root, ctx.config, record, ctx.today());
    const at = ctx.now();
    const event: BunEvent = { file: bunEventFileName(at, actor, verb, randomSuffix()), verb, by: actor, at: at.toISOString(), after: view.bun.heads, ...fields };
    const refusal = bunRefusal(view.bun, event);
    if (refusal) throw new CrispError('bun-refused', `cannot ${verb} ${record.id}: ${refusal.reason}`, { hint: `${refusal.hint} (see \`crisp help bun-protocol\`)` });
    eventPath = `${bunEventsFolder(record.id)}/${event.file}`;
    msg = commitMessage('bun', verb, view.bun.title, record.id);
    const change = new Change(msg);
    extra?.(view, change, event);
    change.write(eventPath, bunEventText(event, body && !body.endsWith('\n') ? `${body}\n` : body));
    return change;
  });
  ctx.ledger.invalidate();
  const view = bunView(ctx.root, ctx.config, ctx.ledger.get('bun', id)!, ctx.today());
  const talk = view.bun.claims.find((c) => c.by === actor && c.talk_first?.length)?.talk_first;
  const notes = talk ? [`talk first: ${talk.join(', ')} raised interest and the interest window is still open`] : [];
  return { json: { ...bunJson(view), event: eventPath }, human: bunSummary(view), notes: [...notes, ...appliedNotes(applied, msg)] };
}

function person(ctx: Context, ref: string): string {
  return ctx.ledger.find('person', ref).id;
}

async function offer(ctx: Context, ref: string, flags: { to?: string[]; all?: boolean; until?: string; note?: string; suggest?: boolean }): Promise<Output> {
  if (flags.suggest) return suggest(ctx, ref);
  if (!flags.all && !flags.to?.length) throw usageError('missing-flags', 'bun offer needs --to <person> or --all', `e.g. crisp bun offer ${ref} --all (or --suggest to see who might serve best)`);
  if (flags.all && flags.to?.length) throw usageError('conflicting-flags', 'offer either --to people or --all, not both', `e.g. crisp bun offer ${ref} --all`);
  const to = flags.all ? 'all' : flags.to!.map((p) => person(ctx, p));
  const until = dateArg(flags.until, '--until');
  return appendEvent(ctx, ref, 'offer', { to, ...(until ? { until } : {}), ...(flags.note ? { note: flags.note } : {}) });
}

function suggest(ctx: Context, ref: string): Output {
  const views = allBunViews(ctx);
  const view = views.find((v) => v.record.id === ctx.ledger.find('bun', ref).id)!;
  const rows = suggestionsFor(ctx, view, views);
  return { json: { id: view.bun.id, suggestions: rows }, human: suggestionTable(rows) };
}

function suggestionTable(rows: ReturnType<typeof suggestionsFor>): Table {
  return {
    columns: [{ key: 'id', header: 'WHO' }, { key: 'score', header: 'SCORE', align: 'right' }, { key: 'why', header: 'WHY' }],
    rows: rows.map((r) => ({ id: r.id, score: r.score, why: r.reasons.join('; ') })),
  };
}

/** People holding the board or business-developer role today: who an escalated bun is offered to. */
function boardAndBusinessDevelopers(ctx: Context, except: string): string[] {
  const today = ctx.today();
  return ctx.ledger
    .all('person')
    .filter((p) => p.id !== except && ((p.data.roles ?? []) as { role: string; since?: string; until?: string }[]).some((r) => (r.role === 'board' || r.role === 'business-developer') && (!r.since || r.since <= today) && (!r.until || r.until >= today)))
    .map((p) => p.id);
}

async function escalate(ctx: Context, ref: string, flags: { note?: string }): Promise<Output> {
  const to = boardAndBusinessDevelopers(ctx, ctx.actor());
  if (!to.length) throw new CrispError('nobody-to-escalate-to', 'nobody holds the board or business-developer role', { hint: 'give someone the role in their person file (roles: [{ role: board, since: ... }]), or offer the bun to all' });
  return appendEvent(ctx, ref, 'escalate', { to, ...(flags.note ? { note: flags.note } : {}) });
}

async function convert(ctx: Context, ref: string, flags: { to?: string; source?: string; id?: string }): Promise<Output> {
  const into = choice(flags.to, ['bun', 'lead'] as const, '--to');
  if (!into) throw usageError('missing-flags', 'bun convert needs --to bun or --to lead', `e.g. crisp bun convert ${ref} --to lead`);
  if (into === 'bun') return appendEvent(ctx, ref, 'convert', { into });
  const source = choice(flags.source, SOURCES, '--source');
  return appendEvent(ctx, ref, 'convert', { into }, '', (view, change, event) => {
    const d = view.record.data as { client?: string; from?: string };
    const leadId = mintId(ctx, flags.id, view.bun.title);
    event.lead = leadId;
    const today = ctx.today();
    const data = {
      id: leadId,
      title: view.bun.title,
      client: d.client,
      org: d.client ? undefined : d.from?.split(',')[0]?.trim() || view.bun.title,
      source: source ?? (d.client ? 'existing-client' : 'referral'),
      owner: event.by,
      stage: 'new',
      stage_entered: today,
      created: today,
      bun: view.bun.id,
    };
    const lead = checkedRecord(ctx, 'lead', leadId, serializeRecord(data, view.record.body));
    change.write(lead.path, lead.text);
  });
}

const OPEN = new Set(['posted', 'offered', 'contested']);

function list(ctx: Context, flags: { mine?: boolean; open?: boolean; stale?: boolean; contested?: boolean; all?: boolean }): Output {
  const me = flags.mine ? ctx.actor() : undefined;
  const views = allBunViews(ctx).filter((v) => {
    if (me && v.bun.holder !== me && !v.bun.claims.some((c) => c.by === me)) return false;
    if (flags.stale && v.freshness !== 'stale') return false;
    if (flags.contested && v.bun.state !== 'contested') return false;
    // A cookie needs no action, so the default list (what is left to deal with) leaves it out.
    if (!flags.all && !flags.stale && !flags.contested && (v.bun.kind === 'cookie' || !OPEN.has(v.bun.state)) && !v.flags.includes('needs-attention')) return false;
    return true;
  });
  views.sort((a, b) => (b.age ?? -1) - (a.age ?? -1) || (a.bun.id < b.bun.id ? -1 : 1));
  const rows = views.map(bunJson);
  const table: Table = {
    columns: [
      { key: 'id', header: 'ID' },
      { key: 'kind', header: 'KIND' },
      { key: 'state', header: 'STATE' },
      { key: 'holder', header: 'HOLDER' },
      { key: 'age', header: 'AGE' },
      { key: 'flags', header: 'FLAGS' },
      { key: 'title', header: 'TITLE' },
    ],
    rows: views.map((v) => ({ ...bunJson(v), age: ageText(v), flags: v.flags })),
  };
  return { json: rows, human: table };
}

function ageText(v: BunView): string {
  if (v.age === null) return '';
  return `${v.freshness} (${v.age}d)`;
}

function bunSummary(v: BunView): string {
  const b = v.bun;
  const lines = [`${b.id}  ${escapeControl(b.title)}`, `  ${b.kind}, ${stateLine(v)}`];
  if (v.flags.length) lines.push(`  flags: ${v.flags.join(', ')}`);
  return lines.join('\n');
}

function stateLine(v: BunView): string {
  const b = v.bun;
  const age = v.age === null ? '' : `, ${v.freshness} (${v.age} working day${v.age === 1 ? '' : 's'})`;
  switch (b.state) {
    case 'posted':
      return `held by ${b.holder}, not offered yet${age}`;
    case 'offered':
      return `held by ${b.holder}, ${b.offer?.escalated ? 'escalated to' : 'offered to'} ${b.offer?.to === 'all' ? 'everyone' : (b.offer?.to as string[]).join(', ')}${b.offer?.until ? ` until ${b.offer.until}` : ''}${age}`;
    case 'taken':
      return b.holder === b.owner && !b.offer ? `eaten by ${b.holder}` : `taken by ${b.holder}`;
    case 'contested':
      return `CONTESTED: claimed by ${b.claims.map((c) => c.by).join(' and ')}; ${b.holder} holds it formally (claimed first)`;
    case 'thrown':
      return `thrown by ${b.thrown?.by}${b.thrown?.reason ? ` (${b.thrown.reason})` : ''}; anyone may still take it from the bin`;
    case 'converted':
      return `converted to lead ${b.lead}`;
  }
}

function show(ctx: Context, ref: string): Output {
  const views = allBunViews(ctx);
  const id = ctx.ledger.find('bun', ref).id;
  const v = views.find((x) => x.bun.id === id)!;
  const b = v.bun;
  const d = v.record.data as { from?: string; tags?: string[]; client?: string; received?: string };
  const suggestions = (b.state === 'posted' || b.state === 'offered') && b.kind === 'bun' ? suggestionsFor(ctx, v, views) : [];
  const lines = [
    `${b.id}  ${escapeControl(b.title)}`,
    `kind: ${b.kind}${d.from ? `   from: ${escapeControl(d.from)}` : ''}${d.client ? `   client: ${d.client}` : ''}${d.tags?.length ? `   tags: ${d.tags.join(', ')}` : ''}`,
    `received by ${b.owner} at ${d.received}`,
    `state: ${stateLine(v)}`,
  ];
  if (b.interested.length) lines.push(`interested: ${b.interested.map((i) => i.by).join(', ')}`);
  if (v.flags.length) lines.push(`flags: ${v.flags.join(', ')}`);
  if (b.state === 'contested') {
    lines.push('', 'Two claims of one offer, made without seeing each other. Both are kept:');
    for (const c of b.claims) lines.push(`  ${c.by} claimed at ${c.at}${c.by === b.holder ? '  (first: holds it formally)' : ''}`);
    lines.push(`Talk: who serves the client best, or needs the work most? Then: crisp bun resolve ${b.id} --to <person>`);
  }
  for (const c of talkFirstClaims(b)) lines.push(`talk first: ${c.by} claimed inside the interest window while ${c.talk_first!.join(', ')} raised interest`);
  if (v.freshness === 'stale') lines.push(`STALE: ${b.holder} should eat, offer, reheat or throw it today (never let a bun dry out)`);
  if (v.flags.includes('throw-due')) lines.push(`throw due: the offer said "until ${b.offer?.until}"; throw it politely or reheat it`);
  for (const a of b.attention) lines.push(`needs attention: ${a.event}: ${a.reason}`);
  lines.push('', 'Timeline:', `  ${d.received}  ${b.owner}  post`);
  for (const t of b.timeline) lines.push(`  ${t.at}  ${t.by}  ${t.verb}${t.note ? `: ${escapeControl(t.note)}` : ''}${t.applied ? '' : '  (not applied, see needs attention)'}`);
  if (suggestions.length) {
    lines.push('', 'Who might serve best (suggestions, never an assignment):');
    for (const s of suggestions.slice(0, 5)) lines.push(`  ${s.id.padEnd(10)} ${String(s.score).padStart(3)}  ${s.reasons.join('; ')}`);
  }
  if (v.record.body.trim()) lines.push('', escapeControl(v.record.body.trimEnd()));
  return { json: { ...bunJson(v), timeline: b.timeline, suggestions, body: v.record.body }, human: lines.join('\n') };
}

export function register(program: Command): void {
  const bun = program.command('bun').description('buns: client requests routed between colleagues (post, offer, claim, throw, ...)').addHelpText('after', BUN_HELP);
  bun
    .command('post [title]')
    .description('record a request you received; you hold it until someone claims it')
    .option('--from <who>', 'who it came from, e.g. "Acme, Jane Doe"')
    .option('--client <id>', 'the client record it concerns')
    .option('--lead <id>', 'the lead it concerns')
    .option('--tag <topic>', 'a topic such as coaching (repeatable; used to suggest who might serve best)', collect)
    .option('--kind <kind>', 'bun (needs action), cookie (needs none) or dough (might become a bun or lead)')
    .option('--subject <subject>', 'an email subject: its tag (BULLE/KAKA/DEG by default) picks the kind and is stripped')
    .option('-m, --message <text>', 'the request as received ("-" reads it from stdin)')
    .option('--id <id>', 'the id to use (default: generated from the title)')
    .addHelpText('after', '\nExamples:\n  crisp bun post "Acme wants a coach for 3 teams" --from "Acme, Jane Doe" --tag coaching\n  crisp bun post --subject "KAKA: Recruiter form mail" --from "TalentCo"')
    .action(action((ctx, title: string | undefined, flags: PostFlags) => post(ctx, title, flags)));
  bun
    .command('offer <id>')
    .description('offer a bun you hold to one colleague or to all (it stays yours until someone claims it)')
    .option('--to <person>', 'offer to this colleague (repeatable)', collect)
    .option('--all', 'offer to everyone (gives them a working day to raise interest)')
    .option('--until <date>', '"I will throw it if nobody takes it by then": flags it throw-due after that date')
    .option('--note <text>', 'what to say with the offer')
    .option('--suggest', 'show who might serve best instead of offering')
    .addHelpText('after', '\nExamples:\n  crisp bun offer acme-coach --all --until 2026-11-26 --note "Anyone?"\n  crisp bun offer acme-coach --to bob\n  crisp bun offer acme-coach --suggest')
    .action(action((ctx, ref: string, flags: Parameters<typeof offer>[2]) => offer(ctx, ref, flags)));
  bun
    .command('interest <id>')
    .description('raise a hand for an offered bun without taking it')
    .option('--note <text>', 'why you would like it')
    .action(action((ctx, ref: string, flags: { note?: string }) => appendEvent(ctx, ref, 'interest', flags.note ? { note: flags.note } : {})));
  bun
    .command('claim <id>')
    .aliases(['take', 'eat'])
    .description('take a bun: your own (eat it), one offered to you or to all, or a thrown one from the bin')
    .option('--note <text>', 'what you will do')
    .action(action((ctx, ref: string, flags: { note?: string }) => appendEvent(ctx, ref, 'claim', flags.note ? { note: flags.note } : {})));
  bun
    .command('throw <id>')
    .description('let a bun go politely (tell the client no); someone may still take it from the bin')
    .option('--reason <text>', 'what you told the client, e.g. "no capacity; suggested Mr CobolGeek"')
    .action(action((ctx, ref: string, flags: { reason?: string }) => {
      if (!flags.reason) throw usageError('missing-flags', 'bun throw needs --reason', `e.g. crisp bun throw ${ref} --reason "no capacity before March; suggested a partner"`);
      return appendEvent(ctx, ref, 'throw', { reason: flags.reason });
    }));
  bun
    .command('reheat <id>')
    .description('you talked to the client again ("we are finding someone"): the age restarts')
    .option('--note <text>', 'what you told them')
    .action(action((ctx, ref: string, flags: { note?: string }) => appendEvent(ctx, ref, 'reheat', flags.note ? { note: flags.note } : {})));
  bun
    .command('escalate <id>')
    .description('offer a strategic bun to the board and business developers (they still have to claim it)')
    .option('--note <text>', 'why it is strategic')
    .action(action((ctx, ref: string, flags: { note?: string }) => escalate(ctx, ref, flags)));
  bun
    .command('resolve <id>')
    .description('settle a contested bun: a claimant or the offerer records who takes it')
    .option('--to <person>', 'the claimant who takes it')
    .option('--note <text>', 'what you agreed')
    .action(action((ctx, ref: string, flags: { to?: string; note?: string }) => {
      if (!flags.to) throw usageError('missing-flags', 'bun resolve needs --to <person>', `e.g. crisp bun resolve ${ref} --to bob`);
      return appendEvent(ctx, ref, 'resolve', { to: person(ctx, flags.to), ...(flags.note ? { note: flags.note } : {}) });
    }));
  bun
    .command('convert <id>')
    .description('turn dough into a bun (--to bun) or into a lead (--to lead; linked both ways)')
    .option('--to <what>', 'bun or lead')
    .option('--source <source>', 'the new lead\'s source (default: existing-client with a client, else referral)')
    .option('--id <id>', 'the new lead\'s id')
    .action(action((ctx, ref: string, flags: { to?: string; source?: string; id?: string }) => convert(ctx, ref, flags)));
  bun
    .command('list')
    .alias('ls')
    .description('buns still to deal with (posted, offered, contested; no cookies); stalest first')
    .option('--mine', 'buns I hold or claimed')
    .option('--open', 'only buns still to deal with (the default)')
    .option('--stale', 'only stale buns')
    .option('--contested', 'only contested buns')
    .option('--all', 'also buns dealt with (taken, thrown, converted)')
    .action(action((ctx, flags: Parameters<typeof list>[1]) => list(ctx, flags)));
  bun
    .command('show <id>')
    .description('a bun: state, holder, age, claims, interest, timeline and who might serve best')
    .action(action((ctx, ref: string) => show(ctx, ref)));
}
