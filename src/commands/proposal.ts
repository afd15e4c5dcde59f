/**
 * `crisp proposal`: from a discovery to a signed deal (seed 004; DESIGN.md §6 "Pricing" and
 * "Proposal lifecycle"). Prices come from src/domain/pricing.ts, text from src/render/.
 */
import { leadTeam } from './lead-team.js';
import { teamSendBlockers } from '../domain/teams.js';
import type { Command } from 'commander';
import { discoveryHours, unbilledDiscoveryHours } from '../domain/discovery.js';
import {
  PRICED_FIELDS, PROPOSAL_KINDS, fixedPriceLines, formatHours, formatMoney, iterativeBudget, lineAmount, maintenanceInstances, priceLines,
  pricingSha256, pricingTotals, smallProjectLine, type Deployment, type PricedField, type InstanceFacts, type ProposalKind, type Tier,
} from '../domain/pricing.js';
import { addDays } from '../domain/time.js';
import { CrispError, gitError, usageError } from '../errors.js';
import {
  branchExists, commitPaths, currentBranch, dirtyPaths, headCommit, isRepo, operationInProgress, pushBranch, pushRemote, remoteUrl, switchBranch,
} from '../git/index.js';
import { editFrontmatter, type Edit } from '../ledger/codec.js';
import { withLedgerLock } from '../ledger/lock.js';
import type { LedgerRecord } from '../ledger/store.js';
import { Change, commitMessage } from '../ledger/transaction.js';
import type { Stage } from '../model/fields.js';
import type { Config } from '../model/config.js';
import { pricingChangedAfterSend, type ProposalFacts } from '../model/proposal-rules.js';
import type { Output } from '../output/index.js';
import { proposalView, type ProposalData, type ViewInput } from '../render/proposal-view.js';
import { loadTemplate, renderTemplate, templateNames, type Rendered } from '../render/template.js';
import { choice, followUpArg, numberArg } from './args.js';
import type { Context } from './context.js';
import { discoveryData, type DiscoveryData } from './discovery.js';
import { forwardMoveEdits } from './lead-moves.js';
import { writeOutFile } from './out-file.js';
import { appliedNotes, createInto, editInto, editRecord, leadRecordRows, mintId, parseAssignments, recordJson, savedOutput, setEdits, showOutput, unknownFieldNotes } from './records.js';
import { action, collect } from './run.js';
import { byText } from '../domain/order.js';

const proposalData = (r: LedgerRecord) => ({ id: r.id, ...r.data }) as unknown as ProposalData;

interface LeadFacts {
  title: string;
  source: string;
  stage: Stage;
  on_hold_from?: Stage;
  client?: string;
  org?: string;
  owner?: string;
}
const leadData = (r: LedgerRecord) => r.data as unknown as LeadFacts;

export const projectRate = (config: Config) => config.rates.project ?? config.rates.on_demand;

/** The lead and discovery a `proposal new` argument names (a lead: its latest discovery that was not cancelled). */
function leadAndDiscovery(ctx: Context, ref: string): { lead: LedgerRecord; discovery?: LedgerRecord } {
  const rec = ctx.ledger.find(['lead', 'discovery'], ref);
  if (rec.kind === 'discovery') return { lead: ctx.ledger.find('lead', discoveryData(rec).lead), discovery: rec };
  const discoveries = ctx.ledger
    .all('discovery')
    .filter((d) => !d.problems.length && discoveryData(d).lead === rec.id && discoveryData(d).status !== 'cancelled')
    .sort((a, b) => byText(discoveryData(a).started, discoveryData(b).started) || byText(a.id, b.id));
  return { lead: rec, discovery: discoveries[discoveries.length - 1] };
}

interface PricingFlags {
  months?: string;
  monthlyHours?: string;
  years?: string;
  blockHours?: string;
  users?: string;
  deployment?: string;
  instances?: string;
  tier?: string[];
  /** On a reprice: the instances the proposal has, used when the client file lists none. */
  existingInstances?: InstanceFacts[];
  /** On a reprice: the tiers chosen before (`<instance>=<tier>`); --tier wins, and those of instances no longer there are dropped. */
  keptTiers?: string[];
}

function tierChoices(flags: PricingFlags): Record<string, Tier> {
  const out: Record<string, Tier> = {};
  for (const t of flags.tier ?? []) {
    const m = /^(.+)=(1|2|hourly)$/.exec(t) ?? /^(1|2|hourly)$/.exec(t);
    if (!m) throw usageError('bad-tier', `--tier "${t}" is not <instance>=1|2|hourly`, 'e.g. --tier learn.acme.example=1 (or --tier 2 for every instance)');
    const value = m[m.length - 1]!;
    out[m.length === 3 ? m[1]! : '*'] = value === 'hourly' ? 'hourly' : (Number(value) as 1 | 2);
  }
  return out;
}

/** The tiers chosen before a reprice, for the instances that are still there (a new --tier for all of them drops them). */
function keptTierChoices(kept: string[], facts: InstanceFacts[]): Record<string, Tier> {
  const out = tierChoices({ tier: kept });
  for (const name of Object.keys(out)) if (!facts.some((f) => f.name === name)) delete out[name];
  return out;
}

/** The pricing fields of a proposal of `kind` (lines, time bank or instances), from its discovery and the flags. */
function pricingFields(ctx: Context, kind: ProposalKind, lead: LedgerRecord, discovery: LedgerRecord | undefined, flags: PricingFlags): { fields: Record<string, unknown>; notes: string[] } {
  const config = ctx.config;
  const d: DiscoveryData | undefined = discovery ? discoveryData(discovery) : undefined;
  const notes: string[] = [];
  const rate = kind === 'maintenance' ? config.rates.on_demand : projectRate(config);
  if (kind === 'fixed') {
    const estimates = d?.estimates ?? [];
    if (!estimates.length) {
      throw new CrispError('no-estimates', `a fixed price needs estimates, and ${discovery ? `discovery ${discovery.id} has none` : `lead ${lead.id} has no discovery`}`, {
        hint: discovery ? `crisp discovery estimate ${discovery.id} --task "..." --hours N` : `crisp discovery start ${lead.id}, then estimate the tasks`,
      });
    }
    if (d && d.status === 'open') notes.push(`warning: discovery ${discovery!.id} is still open; the proposal uses the estimates there now`);
    const months = numberArg(flags.months, '--months', '3') ?? 1;
    if (!Number.isInteger(months) || months < 1) throw usageError('bad-number', '--months is a whole number of months, at least 1', 'e.g. --months 3');
    const lines = fixedPriceLines({
      estimates,
      rate,
      meetingHoursPerMonth: config.pricing.meeting_hours_per_month,
      months,
      managementOverhead: config.pricing.management_overhead,
      unbilledDiscoveryHours: d ? unbilledDiscoveryHours(d) : 0,
    });
    return { fields: { rate, months, lines }, notes };
  }
  if (kind === 'iterative') {
    const hpm = numberArg(flags.monthlyHours, '--monthly-hours', '40');
    if (hpm === undefined || hpm <= 0) throw usageError('missing-flags', 'an iterative proposal needs --monthly-hours (the monthly time bank)', 'e.g. --monthly-hours 40 [--years 2]');
    const years = numberArg(flags.years, '--years', '2');
    return { fields: { rate, time_bank: { hours_per_month: hpm, rate }, ...(years ? { budget_years: Math.floor(years) } : {}) }, notes };
  }
  if (kind === 'small') {
    const block = numberArg(flags.blockHours, '--block-hours', '10');
    const dh = block === undefined && d ? discoveryHours(d) : undefined;
    const r = smallProjectLine({ blockHours: block, discoveryHours: dh, discoveryBilling: d?.billing, rate });
    if (!r.ok) throw new CrispError('small-refused', discovery && dh !== undefined ? `${discovery.id}: ${r.why}` : r.why, { hint: `${r.hint} (see \`crisp help pricing\`)` });
    return { fields: { rate, lines: [r.line] }, notes };
  }
  // maintenance
  const client = leadData(lead).client ? ctx.ledger.get('client', leadData(lead).client!) : undefined;
  let facts = ((client?.data.instances ?? []) as InstanceFacts[]).map((i) => ({ name: i.name, ...(i.users !== undefined && { users: i.users }), ...(i.deployment && { deployment: i.deployment }) }));
  const given = flags.users !== undefined || flags.deployment !== undefined || flags.instances !== undefined;
  if (!facts.length && !given && flags.existingInstances?.length) facts = flags.existingInstances;
  if (!facts.length || given) {
    if (facts.length && given) notes.push(`note: --users/--deployment/--instances replace the ${facts.length} instance(s) in ${client!.path}`);
    // On a reprice, what the flags do not change is kept from the proposal's instances.
    const had = flags.existingInstances ?? [];
    const count = numberArg(flags.instances, '--instances', '1') ?? (had.length || 1);
    if (!Number.isInteger(count) || count < 1) throw usageError('bad-number', '--instances is a whole number, at least 1', 'e.g. --instances 2');
    const users = numberArg(flags.users, '--users', '500');
    const deployment = choice(flags.deployment, ['shared', 'dedicated', 'aws'] as const, '--deployment') as Deployment | undefined;
    if (!given) throw new CrispError('no-instances', `${client ? `${client.path} lists no instances` : `lead ${lead.id} has no client record with instances`}, so crisp cannot price maintenance`, { hint: 'pass --users N --deployment shared|dedicated|aws [--instances N], or add `instances:` to the client' });
    const keepNames = count === had.length;
    facts = Array.from({ length: count }, (_, i) => {
      const before = had[i] ?? had[0];
      const u = users ?? before?.users;
      const dep = deployment ?? before?.deployment;
      return { name: keepNames ? had[i]!.name : count === 1 ? 'instance' : `instance ${i + 1}`, ...(u !== undefined && { users: u }), ...(dep && { deployment: dep }) };
    });
  }
  const chosen = { ...keptTierChoices(flags.keptTiers ?? [], facts), ...tierChoices(flags) };
  const byName: Record<string, Tier> = {};
  for (const f of facts) if (chosen[f.name] ?? chosen['*']) byName[f.name] = (chosen[f.name] ?? chosen['*'])!;
  const unknown = Object.keys(chosen).filter((k) => k !== '*' && !facts.some((f) => f.name === k));
  if (unknown.length) throw usageError('unknown-instance', `no instance called ${unknown.join(', ')}`, `instances: ${facts.map((f) => f.name).join(', ')}`);
  const instances = maintenanceInstances(facts, config.pricing.maintenance_tiers, byName);
  for (const i of instances) if (i.tier !== i.suggested_tier) notes.push(`note: ${i.name}: you chose ${tierText(i.tier)}; crisp suggests ${tierText(i.suggested_tier)} (${i.reasons.join('; ')})`);
  return { fields: { rate, instances }, notes };
}

const tierText = (t: Tier) => (t === 'hourly' ? 'hourly' : `Tier ${t}`);

/** The pricing as lines of text: every hour on a line, the money per line and in total. */
export function pricingText(p: ProposalData, currency: string): string[] {
  const money = (m: number) => formatMoney(m, currency);
  const out: string[] = [];
  if (p.lines?.length) {
    const priced = priceLines(p.lines);
    const w = Math.max(...priced.lines.map((l) => l.label.length), 5);
    for (const l of priced.lines) out.push(`  ${l.label.padEnd(w)}  ${formatHours(l.hours).padStart(7)} h × ${formatMoney(Math.round(l.rate * 100), currency)} = ${money(l.amount)}`);
    out.push(`  ${'Total'.padEnd(w)}  ${formatHours(priced.hours).padStart(7)} h${' '.repeat(currency.length + 12)}= ${money(priced.amount)}`);
  }
  if (p.time_bank) {
    out.push(`  time bank: ${formatHours(p.time_bank.hours_per_month)} h/month × ${formatMoney(Math.round(p.time_bank.rate * 100), currency)} = ${money(lineAmount(p.time_bank.hours_per_month, p.time_bank.rate))} a month (no lump sum)`);
    if (p.budget_years) for (const y of iterativeBudget(p.time_bank, p.budget_years)) out.push(`  year ${y.year}: ${formatHours(y.hours)} h, ${money(y.amount)}`);
  }
  for (const i of p.instances ?? []) {
    const price = i.hours_per_month !== undefined && p.rate !== undefined ? `${formatHours(i.hours_per_month)} h/month = ${money(lineAmount(i.hours_per_month, p.rate))} a month` : `hourly at ${formatMoney(Math.round((p.rate ?? 0) * 100), currency)}`;
    out.push(`  ${i.name}: ${tierText(i.tier)}, ${price}; suggested ${tierText(i.suggested_tier ?? i.tier)}: ${(i.reasons ?? []).join('; ')}`);
  }
  return out;
}

interface NewFlags extends PricingFlags {
  kind?: string;
  title?: string;
  id?: string;
}

async function create(ctx: Context, ref: string, flags: NewFlags): Promise<Output> {
  if (!flags.kind) throw usageError('missing-flags', 'proposal new needs --kind', `one of ${PROPOSAL_KINDS.join(', ')}`);
  const kind = choice(flags.kind, PROPOSAL_KINDS, '--kind')!;
  const today = ctx.today();
  let created!: LedgerRecord;
  let notes: string[] = [];
  let message = '';
  const applied = await ctx.mutate(() => {
    const { lead, discovery } = leadAndDiscovery(ctx, ref);
    const l = leadData(lead);
    if (l.stage === 'won' || l.stage === 'lost') throw new CrispError('lead-closed', `${lead.id} is ${l.stage}; proposals go on open leads`, { hint: 'a revived deal is a new lead: crisp lead add ... then set previous=<old id>' });
    const priced = pricingFields(ctx, kind, lead, discovery, flags);
    notes = priced.notes;
    const title = flags.title ?? l.title;
    const id = mintId(ctx, flags.id, `${title} proposal`);
    message = commitMessage('proposal', 'new', title, id);
    const change = new Change(message);
    created = createInto(ctx, change, 'proposal', {
      id,
      lead: lead.id,
      discovery: discovery?.id,
      kind,
      status: 'draft',
      title,
      ...priced.fields,
      created: today,
    });
    return change;
  });
  ctx.ledger.invalidate();
  const p = proposalData(created);
  return {
    json: { ...recordJson(created), totals: pricingTotals(p) },
    human: [`${created.id}: ${kind} proposal for ${p.lead}${p.discovery ? ` (from ${p.discovery})` : ''}`, ...pricingText(p, ctx.config.currency)].join('\n'),
    notes: [...notes, ...appliedNotes(applied, message)],
  };
}

/** How to change each computed pricing field instead of writing it. */
const PRICED_FIELD_HINTS: Record<PricedField, string> = {
  rate: 'the rate comes from crisp.yaml (rates.project; rates.on_demand for maintenance): change it there, then recompute with --reprice',
  months: 'use --months N, which recomputes the meetings and management lines',
  lines: 'the lines come from the discovery\'s estimates and the pricing flags: change the estimates (crisp discovery estimate) and use --reprice, or use --months or --block-hours',
  time_bank: 'use --monthly-hours N',
  budget_years: 'use --years N',
  instances: 'use --users, --deployment, --instances or --tier <instance>=1|2|hourly',
};

interface SetFlags extends PricingFlags {
  title?: string;
  reprice?: boolean;
}

async function set(ctx: Context, ref: string, assignments: string[], flags: SetFlags): Promise<Output> {
  const fields: Record<string, unknown> = { ...parseAssignments(assignments), ...(flags.title !== undefined && { title: flags.title }) };
  for (const k of ['id', 'status', 'sent', 'signed', 'lost', 'created', 'lead']) {
    if (k in fields) throw usageError('use-command', `${k} is not set directly`, k === 'status' || k === 'sent' || k === 'signed' || k === 'lost' ? 'use crisp proposal send, sign or lose' : 'it never changes');
  }
  if ('kind' in fields) {
    const lead = ctx.ledger.find('proposal', ref).data.lead as string | undefined;
    throw usageError('use-command', 'kind is not changed by proposal set: each kind is priced differently, so the other fields would not fit it', `make a new proposal with \`crisp proposal new ${lead ?? '<lead>'} --kind ...\``);
  }
  const priced = PRICED_FIELDS.filter((k) => k in fields);
  if (priced.length) {
    const k = priced[0]!;
    throw usageError('use-command', `${k} is computed by the pricing, so proposal set does not write it`, `${PRICED_FIELD_HINTS[k]} (see \`crisp help proposal set\`)`);
  }
  const pricingFlagsGiven = ['months', 'monthlyHours', 'years', 'blockHours', 'users', 'deployment', 'instances', 'tier'].some((k) => (flags as Record<string, unknown>)[k] !== undefined);
  if (!Object.keys(fields).length && !flags.reprice && !pricingFlagsGiven) {
    throw usageError('nothing-to-set', 'nothing to change', 'pass field=value pairs, pricing flags (--months, --monthly-hours, --tier, ...) or --reprice');
  }
  let notes: string[] = [];
  const editsFor = (r: LedgerRecord): Edit[] => {
    const p = proposalData(r);
    if (p.status === 'signed' || p.status === 'lost' || p.status === 'withdrawn') throw new CrispError('proposal-closed', `${r.id} is ${p.status}`, { hint: 'a closed proposal does not change; make a new one' });
    const edits: Edit[] = setEdits(fields);
    if (flags.reprice || pricingFlagsGiven) {
      const lead = ctx.ledger.find('lead', p.lead);
      const discovery = p.discovery ? ctx.ledger.find('discovery', p.discovery) : undefined;
      const merged: PricingFlags = {
        months: flags.months ?? (p.months !== undefined ? String(p.months) : undefined),
        monthlyHours: flags.monthlyHours ?? (p.time_bank ? String(p.time_bank.hours_per_month) : undefined),
        years: flags.years ?? (p.budget_years !== undefined ? String(p.budget_years) : undefined),
        blockHours: flags.blockHours ?? (p.kind === 'small' && p.lines?.[0]?.from === 'block' ? String(p.lines[0].hours) : undefined),
        users: flags.users,
        deployment: flags.deployment,
        instances: flags.instances,
        tier: flags.tier,
        // A new --tier for every instance replaces the choices made before; one per instance adds to them.
        keptTiers: '*' in tierChoices(flags) ? [] : (p.instances ?? []).filter((i) => i.tier !== i.suggested_tier).map((i) => `${i.name}=${i.tier}`),
        existingInstances: (p.instances ?? []).map((i) => ({ name: i.name, ...(i.users !== undefined && { users: i.users }), ...(i.deployment && { deployment: i.deployment as Deployment }) })),
      };
      const priced = pricingFields(ctx, p.kind as ProposalKind, lead, discovery, merged);
      notes = priced.notes;
      edits.push(...setEdits(priced.fields));
    }
    if (p.status === 'sent') notes.push(`warning: ${r.id} was sent; if its pricing changed, validate fails until you send a new version (crisp proposal send ${r.id})`);
    return edits;
  };
  // git refuses an empty commit: a set that changes nothing says so and writes nothing.
  const current = ctx.ledger.find('proposal', ref);
  if (!current.problems.length && editFrontmatter(current.text, editsFor(current)) === current.text) {
    return { json: recordJson(current), human: [`${current.id}: unchanged`, ...pricingText(proposalData(current), ctx.config.currency)].join('\n'), notes: ['nothing changed, nothing written'] };
  }
  const saved = await editRecord(ctx, 'proposal', ref, 'set', editsFor);
  const p = proposalData(saved.record);
  return savedOutput(saved, [`${saved.record.id}: updated`, ...pricingText(p, ctx.config.currency)].join('\n'), [...unknownFieldNotes(saved.record, fields), ...notes]);
}

/** Everything a template sees for a proposal. */
function viewOf(ctx: Context, rec: LedgerRecord): Record<string, unknown> {
  const p = proposalData(rec);
  const lead = ctx.ledger.find('lead', p.lead);
  const l = leadData(lead);
  const client = l.client ? ctx.ledger.get('client', l.client) : undefined;
  const disc = p.discovery ? ctx.ledger.get('discovery', p.discovery) : undefined;
  const people: ViewInput['people'] = {};
  for (const person of ctx.ledger.all('person')) people[person.id] = { name: String(person.data.name), email: person.data.email as string | undefined };
  return proposalView({
    collective: { name: ctx.config.name, currency: ctx.config.currency },
    proposal: p,
    body: rec.body,
    lead: { id: lead.id, title: l.title, org: l.org, source: l.source, client: l.client },
    client: client && { id: client.id, name: String(client.data.name), sector: client.data.sector as string | undefined },
    discovery: disc && { id: disc.id, ...(discoveryData(disc) as DiscoveryData) },
    people,
  });
}

function renderRecord(ctx: Context, rec: LedgerRecord, templateName?: string): Rendered {
  const p = proposalData(rec);
  const name = templateName ?? (rec.data.template as string | undefined) ?? p.kind;
  return renderTemplate(loadTemplate(ctx.root, name), viewOf(ctx, rec), isRepo(ctx.root) ? headCommit(ctx.root) ?? null : null);
}

function render(ctx: Context, ref: string, flags: { template?: string; out?: string; force?: boolean; view?: boolean }): Output {
  const rec = ctx.ledger.find('proposal', ref);
  if (flags.view) return { json: viewOf(ctx, rec), human: JSON.stringify(viewOf(ctx, rec), null, 2) };
  const r = renderRecord(ctx, rec, flags.template);
  const json = { id: rec.id, template: r.template, template_origin: r.template_origin, template_sha256: r.template_sha256, content_sha256: r.content_sha256, commit: r.commit, text: r.text };
  if (flags.out) {
    const path = writeOutFile(ctx, { out: flags.out, force: flags.force, command: 'proposal render', example: `${rec.id}.md` }, r.text);
    return { json: { ...json, out: path }, human: '', notes: [`wrote ${flags.out} (${r.template}, content sha256 ${r.content_sha256.slice(0, 12)}…)`] };
  }
  return { json, human: r.text };
}

async function send(ctx: Context, ref: string, flags: { template?: string; followUp?: string }): Promise<Output> {
  const actor = ctx.actor();
  const today = ctx.today();
  const followUp = followUpArg(flags.followUp ?? `${ctx.config.followups.resend_after_days}d`, today)!;
  let rec!: LedgerRecord;
  let entry!: Record<string, unknown>;
  let sentPath = '';
  let moved = '';
  let message = '';
  const applied = await ctx.mutate(() => {
    const before = ctx.ledger.find('proposal', ref);
    const p = proposalData(before);
    if (p.status !== 'draft' && p.status !== 'sent') throw new CrispError('proposal-closed', `${before.id} is ${p.status}; only a draft or sent proposal is sent`, { hint: 'make a new proposal with `crisp proposal new`' });
    // Teams by consent (seed 001): a proposal names only people who said yes themselves.
    const blockers = teamSendBlockers(leadTeam(ctx, p.lead));
    if (blockers.length) {
      throw new CrispError('team-not-agreed', `${before.id} cannot be sent: its team has not agreed`, {
        details: blockers,
        hint: `each person answers for themselves: crisp lead team ${p.lead} --accept (or --decline); or withdraw them: crisp lead team ${p.lead} --withdraw <person>`,
      });
    }
    const rendered = renderRecord(ctx, before, flags.template);
    const version = (p.sent?.length ?? 0) + 1;
    sentPath = `sent/${before.id}/v${version}.md`;
    entry = {
      version,
      at: ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      by: actor,
      template: rendered.template,
      template_sha256: rendered.template_sha256,
      content_sha256: rendered.content_sha256,
      pricing_sha256: pricingSha256(p),
      ...(rendered.commit && { commit: rendered.commit }),
    };
    message = commitMessage('proposal', 'send', `${String(before.data.title ?? before.id)} v${version}`, before.id);
    const change = new Change(message).write(sentPath, rendered.text);
    // What is sent is the proposal as it is now: its changes not committed yet (new pricing, say) go in with the version that holds them.
    change.takesUncommitted.add(before.path);
    rec = editInto(ctx, change, before, [{ op: 'set', key: 'status', value: 'sent' }, { op: 'append', key: 'sent', item: entry }]);
    const lead = ctx.ledger.find('lead', p.lead);
    const l = leadData(lead);
    const edits = forwardMoveEdits(l, 'proposal', actor, today);
    if (edits.length) moved = `; lead ${lead.id}: ${l.stage} → proposal`;
    editInto(ctx, change, lead, [...edits, { op: 'set', key: 'follow_up', value: followUp }]);
    return change;
  });
  ctx.ledger.invalidate();
  return {
    json: { ...recordJson(rec), sent_file: sentPath, follow_up: followUp },
    human: `${rec.id}: sent version ${String(entry.version)} (${sentPath}); follow up ${followUp}${moved}`,
    notes: appliedNotes(applied, message),
  };
}

async function sign(ctx: Context, ref: string, flags: { kickoff?: string }): Promise<Output> {
  const actor = ctx.actor();
  const today = ctx.today();
  const kickoff = followUpArg(flags.kickoff ?? '7d', today) ?? addDays(today, 7);
  let rec!: LedgerRecord;
  let message = '';
  const said: string[] = [];
  const applied = await ctx.mutate(() => {
    const before = ctx.ledger.find('proposal', ref);
    const p = proposalData(before);
    if (p.status !== 'sent') {
      throw new CrispError('not-sent', `${before.id} is ${p.status}; a proposal is signed after it was sent`, { hint: p.status === 'draft' ? `send it first: crisp proposal send ${before.id}` : 'a closed proposal is not signed again' });
    }
    // The client signs what they were sent: a pricing changed since then (validate's
    // pricing-changed-after-send) is not what they agreed to.
    const changed = pricingChangedAfterSend(before.data as unknown as ProposalFacts);
    if (changed) {
      throw new CrispError('pricing-changed-after-send', `${before.id} cannot be signed: the pricing differs from version ${changed.version}, which the client has`, {
        hint: `send the new version first (crisp proposal send ${before.id}), or revert the pricing to that of version ${changed.version}`,
      });
    }
    message = commitMessage('proposal', 'sign', String(before.data.title ?? before.id), before.id);
    const change = new Change(message);
    const at = ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    rec = editInto(ctx, change, before, [{ op: 'set', key: 'status', value: 'signed' }, { op: 'set', key: 'signed', value: { at, by: actor } }]);
    const lead = ctx.ledger.find('lead', p.lead);
    const l = leadData(lead);
    const disc = p.discovery ? ctx.ledger.get('discovery', p.discovery) : undefined;
    // Handbook 004: the person who did the discovery becomes a new client's owner; a small project makes no new owner.
    const newOwner = p.kind === 'small' ? undefined : disc ? discoveryData(disc).assignee : l.owner ?? actor;
    const leadEdits: Edit[] = [];
    const pending = new Set<string>();
    let ownerName: string | undefined;
    if (l.client) {
      const client = ctx.ledger.find('client', l.client);
      if (!client.data.owner && newOwner) {
        editInto(ctx, change, client, [{ op: 'set', key: 'owner', value: newOwner }]);
        said.push(`client ${client.id} is new: ${newOwner} (who did the discovery) is its owner`);
      }
      ownerName = (client.data.owner as string | undefined) ?? newOwner;
    } else {
      const clientId = mintId(ctx, undefined, l.org ?? l.title);
      createInto(ctx, change, 'client', { id: clientId, name: l.org ?? l.title, owner: newOwner, created: today });
      pending.add(clientId);
      leadEdits.push({ op: 'set', key: 'client', value: clientId }, { op: 'delete', key: 'org' });
      said.push(`created client ${clientId}${newOwner ? ` owned by ${newOwner}` : ''}`);
      ownerName = newOwner;
    }
    const move = forwardMoveEdits(l, 'won', actor, today);
    if (!move.length) throw new CrispError('lead-not-open', `lead ${lead.id} is ${l.stage}, so it cannot be marked won`, { hint: l.stage === 'on-hold' ? `bring it back first: crisp lead stage ${lead.id} ${l.on_hold_from ?? 'proposal'}` : 'check the lead with crisp lead show' });
    leadEdits.push(...move, { op: 'set', key: 'follow_up', value: kickoff });
    editInto(ctx, change, lead, leadEdits, pending);
    said.push(`lead ${lead.id}: ${l.stage} → won`, `kickoff meeting with ${ownerName ?? 'the client owner'} and the client's stakeholders by ${kickoff} (the lead's follow-up)`);
    return change;
  });
  ctx.ledger.invalidate();
  return { json: { ...recordJson(rec), kickoff }, human: [`${rec.id}: signed`, ...said.map((s) => `  ${s}`)].join('\n'), notes: appliedNotes(applied, message) };
}

async function lose(ctx: Context, ref: string, flags: { reason?: string; withdraw?: boolean }): Promise<Output> {
  if (!flags.reason?.trim()) throw usageError('missing-flags', 'proposal lose needs --reason', 'e.g. --reason "went with a cheaper vendor"');
  const actor = ctx.actor();
  const today = ctx.today();
  let rec!: LedgerRecord;
  let message = '';
  let moved = '';
  const applied = await ctx.mutate(() => {
    const before = ctx.ledger.find('proposal', ref);
    const p = proposalData(before);
    if (p.status !== 'draft' && p.status !== 'sent') throw new CrispError('proposal-closed', `${before.id} is already ${p.status}`, { hint: 'nothing to do' });
    const status = flags.withdraw ? 'withdrawn' : 'lost';
    message = commitMessage('proposal', status === 'lost' ? 'lose' : 'withdraw', String(before.data.title ?? before.id), before.id);
    const change = new Change(message);
    const at = ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    rec = editInto(ctx, change, before, [{ op: 'set', key: 'status', value: status }, { op: 'set', key: 'lost', value: { at, by: actor, reason: flags.reason!.trim() } }]);
    const others = ctx.ledger.all('proposal').filter((o) => o.id !== before.id && proposalData(o).lead === p.lead && ['draft', 'sent'].includes(proposalData(o).status));
    const lead = ctx.ledger.find('lead', p.lead);
    const l = leadData(lead);
    // A lead already won (another proposal on it was signed) or lost stays as it is: say so, not "open".
    const closed = l.stage === 'won' || l.stage === 'lost' ? `; lead ${lead.id} is ${l.stage} already and stays ${l.stage}` : '';
    if (!flags.withdraw && !others.length) {
      const edits = forwardMoveEdits(l, 'lost', actor, today, flags.reason!.trim());
      moved = edits.length ? `; lead ${lead.id}: ${l.stage} → lost` : closed;
      editInto(ctx, change, lead, edits);
    } else if (closed) moved = closed;
    else if (others.length) moved = `; lead ${p.lead} stays open (proposals ${others.map((o) => o.id).join(', ')} are still open)`;
    return change;
  });
  ctx.ledger.invalidate();
  return { json: recordJson(rec), human: `${rec.id}: ${String(rec.data.status)}${moved}`, notes: appliedNotes(applied, message) };
}

function row(r: LedgerRecord) {
  const p = proposalData(r);
  const t = pricingTotals(p);
  return { id: r.id, path: r.path, lead: p.lead, kind: p.kind, status: p.status, versions: p.sent?.length ?? 0, ...t };
}

function list(ctx: Context, flags: { lead?: string; status?: string; all?: boolean }): Output {
  const currency = ctx.config.currency;
  const rows = leadRecordRows(ctx, 'proposal', flags, { all: ['draft', 'sent', 'signed', 'lost', 'withdrawn'], inPlay: ['draft', 'sent'] }, row).map((r) => ({ ...r, currency }));
  return {
    json: rows,
    human: {
      columns: [
        { key: 'id', header: 'ID' },
        { key: 'kind', header: 'KIND' },
        { key: 'status', header: 'STATUS' },
        { key: 'hours', header: 'HOURS', align: 'right' },
        { key: 'money', header: currency, align: 'right' },
        { key: 'lead', header: 'LEAD' },
      ],
      rows: rows.map((r) => ({
        ...r,
        hours: r.hours ?? (r.monthly_hours !== null ? `${r.monthly_hours}/month` : ''),
        money: r.amount !== null ? formatMoney(r.amount, '').trim() : r.monthly_amount !== null ? `${formatMoney(r.monthly_amount, '').trim()}/month` : '',
      })),
    },
  };
}

function show(ctx: Context, ref: string): Output {
  const r = ctx.ledger.find('proposal', ref);
  if (r.problems.length) return showOutput(r);
  const p = proposalData(r);
  const hash = pricingSha256(p);
  const last = p.sent?.[p.sent.length - 1] as { version: number; pricing_sha256: string } | undefined;
  const changed = last ? last.pricing_sha256 !== hash : null;
  const lines = ['pricing:', ...pricingText(p, ctx.config.currency)];
  if (last) lines.push(changed ? `pricing changed since version ${last.version} was sent: send a new version, or revert` : `pricing unchanged since version ${last.version} was sent`);
  return showOutput(r, { totals: pricingTotals(p), currency: ctx.config.currency, pricing_sha256: hash, pricing_changed_since_sent: changed }, lines);
}

async function submit(ctx: Context, ref: string): Promise<Output> {
  const root = ctx.root;
  if (!isRepo(root)) throw gitError('not-a-repo', `${root} is not in a git repository`, 'submit puts the deal on a branch for review; run `git init` first');
  const rec = ctx.ledger.find('proposal', ref);
  const p = proposalData(rec);
  return withLedgerLock(root, () => {
    const op = operationInProgress(root);
    if (op) throw gitError('git-busy', `the ledger is in the middle of a ${op}`, `finish it (git ${op} --continue) or abort it, then submit again`);
    const from = currentBranch(root);
    if (!from) throw gitError('detached-head', 'HEAD is detached, so crisp does not know which branch to return to', 'check out a branch (git switch main), then submit again');
    const branch = `deal/${rec.id}`;
    if (from === branch) throw usageError('on-deal-branch', `you are on ${branch} already`, 'commit your changes there; run submit from the branch the deal started on');
    const paths = [rec.path, `sent/${rec.id}`, ...(p.discovery ? [ctx.ledger.get('discovery', p.discovery)?.path ?? ''] : []), ctx.ledger.get('lead', p.lead)?.path ?? ''].filter(Boolean);
    const dirty = dirtyPaths(root, paths);
    const existed = branchExists(root, branch);
    switchBranch(root, branch, !existed);
    let commit: string | undefined;
    const message = commitMessage('proposal', 'submit', String(rec.data.title ?? rec.id), rec.id);
    const notes: string[] = [];
    let pushed: string | undefined;
    try {
      if (dirty.length) commit = commitPaths(root, dirty, message);
      const remote = pushRemote(root);
      if (remote) {
        pushBranch(root, remote, branch);
        pushed = remote;
      }
    } finally {
      switchBranch(root, from);
    }
    if (commit) notes.push(`committed ${commit.slice(0, 7)} on ${branch}: ${message}`);
    else notes.push(`nothing uncommitted for ${rec.id}; ${branch} ${existed ? 'is' : 'starts'} where ${existed ? 'it was' : from + ' is'}`);
    const url = pushed ? remoteUrl(root, pushed) : undefined;
    const gh = url && /github\.com[:/]([^/]+)\/(.+?)(\.git)?$/.exec(url);
    const nextStep = !pushed
      ? `no remote to push to: add one (git remote add origin <url>), push (git push -u origin ${branch}), then open a pull request from ${branch} into ${from}`
      : gh
        ? `open the pull request: https://github.com/${gh[1]}/${gh[2]}/compare/${encodeURIComponent(from)}...${branch}?expand=1  (or: gh pr create --base ${from} --head ${branch})`
        : `open a pull request (merge request) from ${branch} into ${from} on ${pushed} (${url ?? 'its server'})`;
    return {
      json: { id: rec.id, branch, base: from, commit: commit ?? null, pushed: Boolean(pushed), remote: pushed ?? null, next_step: nextStep },
      human: `${rec.id}: on branch ${branch}${pushed ? `, pushed to ${pushed}` : ''}; back on ${from}\nnext: ${nextStep}`,
      notes,
    };
  });
}

export function register(program: Command): void {
  const cmd = program.command('proposal').description('proposals: new, set, render, send, sign, lose, list, show, submit');
  const pricing = (c: Command) =>
    c
      .option('--months <n>', 'fixed: months of meetings (default 1)')
      .option('--monthly-hours <n>', 'iterative: the monthly time bank')
      .option('--years <n>', 'iterative: a year-by-year budget for n years')
      .option('--block-hours <n>', 'small: a development block (at least 10 h)')
      .option('--users <n>', 'maintenance: users per instance (when the client lists no instances)')
      .option('--deployment <d>', 'maintenance: shared|dedicated|aws')
      .option('--instances <n>', 'maintenance: how many instances')
      .option('--tier <instance=tier>', 'maintenance: choose 1, 2 or hourly for an instance (repeatable; --tier 2 for all)', collect);
  pricing(
    cmd
      .command('new <lead-or-discovery>')
      .description('a draft proposal priced from the discovery\'s estimates and crisp.yaml')
      .option('--kind <kind>', PROPOSAL_KINDS.join('|'))
      .option('--title <title>', 'default: the lead\'s title')
      .option('--id <id>', 'the id to use (default: generated)'),
  )
    .addHelpText(
      'after',
      `
Pricing (seed 004): every hour on its own line, money in integer cents (each line rounded half up).
  fixed        the estimates + meetings (pricing.meeting_hours_per_month × --months) + management
               (pricing.management_overhead × tasks and meetings) + discovery not yet billed
  iterative    --monthly-hours N in a time bank, no lump sum [--years N for a budget]
  maintenance  per instance: Tier 1 = 7 h/month, Tier 2 = 11 h/month at rates.on_demand; crisp
               suggests a tier with reasons (users > 1000, dedicated or AWS, several instances)
  small        --block-hours N (at least 10), or a discovery of at most 5 h

Examples:
  crisp proposal new acme-lms --kind fixed --months 3
  crisp proposal new acme-lms --kind iterative --monthly-hours 40 --years 2
  crisp proposal new acme-support --kind maintenance --tier learn.acme.example=1
  crisp proposal new tiny-fix --kind small --block-hours 10`,
    )
    .action(action((ctx, ref: string, flags: NewFlags) => create(ctx, ref, flags)));
  pricing(
    cmd
      .command('set <id> [field=value...]')
      .description('change fields, or the pricing (flags; --reprice recomputes from the discovery)')
      .option('--title <title>', 'the title')
      .option('--reprice', 'recompute the pricing from the discovery and crisp.yaml'),
  ).action(action((ctx, ref: string, a: string[], flags: SetFlags) => set(ctx, ref, a, flags)));
  cmd
    .command('render <id>')
    .description('the proposal as text, from a template, ending with its provenance')
    .option('--template <name>', 'a template (default: the proposal\'s kind); the ledger\'s templates/ override the defaults')
    .option('--out <file>', 'write to a file instead of stdout (over an existing file only with --force; never into the ledger\'s record folders or crisp.yaml)')
    .option('--force', 'replace the --out file if it exists')
    .option('--view', 'print the data a template sees (JSON), for writing templates')
    .addHelpText('after', '\nExamples:\n  crisp proposal render acme-lms-p8r1\n  crisp proposal render acme-lms-p8r1 --template executive-summary --out summary.md\n  crisp proposal render acme-lms-p8r1 --out summary.md --force   (replace the file written before)')
    .action(action((ctx, ref: string, flags: { template?: string; out?: string; force?: boolean; view?: boolean }) => render(ctx, ref, flags)));
  cmd
    .command('send <id>')
    .description('freeze the rendered text as sent/<id>/v<N>.md, record its hashes, set a follow-up, lead → proposal')
    .option('--template <name>', 'the template (default: the proposal\'s kind)')
    .option('--follow-up <when>', 'when to follow up (default: followups.resend_after_days)')
    .action(action((ctx, ref: string, flags: { template?: string; followUp?: string }) => send(ctx, ref, flags)));
  cmd
    .command('sign <id>')
    .description('the client signed: lead → won, a new client gets the discovery\'s assignee as owner, kickoff follow-up')
    .option('--kickoff <when>', 'when the kickoff meeting should happen by (default 7d)')
    .action(action((ctx, ref: string, flags: { kickoff?: string }) => sign(ctx, ref, flags)));
  cmd
    .command('lose <id>')
    .description('the client said no (the lead is lost too, unless another proposal on it is open)')
    .option('--reason <text>', 'why (required)')
    .option('--withdraw', 'we withdrew it (the lead is left as it is)')
    .action(action((ctx, ref: string, flags: { reason?: string; withdraw?: boolean }) => lose(ctx, ref, flags)));
  cmd
    .command('list')
    .alias('ls')
    .description('open proposals (draft and sent); --all adds signed, lost and withdrawn')
    .option('--lead <id>', 'only this lead\'s')
    .option('--status <status>', 'draft, sent, signed, lost or withdrawn')
    .option('--all', 'every proposal')
    .action(action((ctx, flags: { lead?: string; status?: string; all?: boolean }) => list(ctx, flags)));
  cmd.command('show <id>').description('a proposal with its pricing, line by line').action(action((ctx, ref: string) => show(ctx, ref)));
  cmd
    .command('submit <id>')
    .description('put the deal on branch deal/<id> for review: commit, push if there is a remote, come back')
    .addHelpText('after', '\nThen open a pull request; CI (see `crisp init`) validates it and comments `crisp diff`.')
    .action(action((ctx, ref: string) => submit(ctx, ref)));
  cmd
    .command('templates')
    .description('the templates render can use (the ledger\'s own override the defaults)')
    .action(action((ctx) => {
      const rows = templateNames(ctx.root);
      return { json: rows, human: { columns: [{ key: 'name', header: 'TEMPLATE' }, { key: 'origin', header: 'FROM' }], rows } };
    }));
}
