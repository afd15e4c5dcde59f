/**
 * Proposal pricing (seed 004, summarised in DESIGN.md §1 "Proposals" and §6 "Pricing").
 *
 * "Proposals carry all costs transparently": meetings, unbilled discovery and management overhead are
 * lines of their own, never padded into tasks, so every hour of a proposal can be traced to a line.
 * Money is computed in integer minor units: each line is round half up (hours × rate), the total is
 * the sum of the rounded lines. Amounts on disk are major units with at most 2 decimals.
 */
import { createHash } from 'node:crypto';
import { byText } from './order.js';

export type ProposalKind = 'fixed' | 'iterative' | 'maintenance' | 'small';
export const PROPOSAL_KINDS = ['fixed', 'iterative', 'maintenance', 'small'] as const satisfies readonly ProposalKind[];

/** Where a line's hours come from: a discovery estimate, a pricing rule, or a small-project block. */
export type LineSource = 'estimate' | 'meetings' | 'management' | 'discovery' | 'block' | 'manual';

export interface PriceLine {
  label: string;
  hours: number;
  rate: number;
  from?: LineSource;
}

/** Hundredths of a unit as an integer: 12.345 → 1235 (half up), exact for values with ≤ 2 decimals. */
export function toCents(value: number): number {
  return Math.sign(value) * Math.floor(Math.abs(value) * 100 + 0.5 + 1e-9);
}

/** Hours rounded half up to 2 decimals (management overhead makes fractions). */
export function roundHours(hours: number): number {
  return toCents(hours) / 100;
}

/** One line's amount in minor units: hours × rate, rounded half up once. */
export function lineAmount(hours: number, rate: number): number {
  // Both have ≤ 2 decimals, so hundredths × minor units is an exact integer product of 1/100 minor units.
  const product = toCents(hours) * toCents(rate);
  return Math.floor((product + 50) / 100);
}

export interface PricedLine extends PriceLine {
  amount: number;
}

export interface Priced {
  lines: PricedLine[];
  hours: number;
  /** Minor units: the sum of the rounded lines. */
  amount: number;
}

export function priceLines(lines: readonly PriceLine[]): Priced {
  const priced = lines.map((l) => ({ ...l, amount: lineAmount(l.hours, l.rate) }));
  return {
    lines: priced,
    hours: toCents(priced.reduce((s, l) => s + toCents(l.hours), 0) / 100) / 100,
    amount: priced.reduce((s, l) => s + l.amount, 0),
  };
}

export interface Estimate {
  task: string;
  hours: number;
}

export interface FixedInput {
  estimates: readonly Estimate[];
  rate: number;
  /** crisp.yaml pricing.meeting_hours_per_month × months. */
  meetingHoursPerMonth: number;
  months: number;
  /** crisp.yaml pricing.management_overhead, a share of task + meeting hours. */
  managementOverhead: number;
  /** Discovery hours billed on acceptance: they go into the fixed price. */
  unbilledDiscoveryHours: number;
}

/** Fixed price: every task, a meetings line, a management line, the unbilled discovery (handbook 004). */
export function fixedPriceLines(input: FixedInput): PriceLine[] {
  const { rate } = input;
  const lines: PriceLine[] = input.estimates.map((e) => ({ label: e.task, hours: e.hours, rate, from: 'estimate' }));
  const meetingHours = roundHours(input.meetingHoursPerMonth * input.months);
  if (meetingHours > 0) {
    lines.push({ label: `Meetings (${input.meetingHoursPerMonth} h/month × ${input.months} month${input.months === 1 ? '' : 's'})`, hours: meetingHours, rate, from: 'meetings' });
  }
  const taskHours = input.estimates.reduce((s, e) => s + e.hours, 0);
  const managementHours = roundHours(input.managementOverhead * (taskHours + meetingHours));
  if (managementHours > 0) {
    lines.push({ label: `Management (${Math.round(input.managementOverhead * 100)} % of tasks and meetings)`, hours: managementHours, rate, from: 'management' });
  }
  if (input.unbilledDiscoveryHours > 0) {
    lines.push({ label: 'Discovery (not yet billed)', hours: roundHours(input.unbilledDiscoveryHours), rate, from: 'discovery' });
  }
  return lines;
}

export interface TimeBank {
  hours_per_month: number;
  rate: number;
}

export interface YearBudget {
  year: number;
  hours: number;
  amount: number;
}

/** Iterative: a monthly time bank, no lump sum; an optional year-by-year budget (handbook 004). */
export function iterativeBudget(bank: TimeBank, years: number): YearBudget[] {
  const hours = roundHours(bank.hours_per_month * 12);
  return Array.from({ length: years }, (_, i) => ({ year: i + 1, hours, amount: lineAmount(hours, bank.rate) }));
}

/** Small project: a block of at least 10 development hours, or a discovery of at most 5 hours (handbook 004). */
export const SMALL_BLOCK_MIN_HOURS = 10;
export const SMALL_DISCOVERY_MAX_HOURS = 5;

export type SmallCheck = { ok: true; line: PriceLine } | { ok: false; why: string; hint: string };

/**
 * `discoveryBilling` is the discovery's billing: a `waived` discovery (tender rules forbid billing it,
 * DESIGN.md §1) is never billed, so only a block makes a small project of it.
 */
export function smallProjectLine(input: { blockHours?: number; discoveryHours?: number; discoveryBilling?: string; rate: number }): SmallCheck {
  if (input.blockHours !== undefined) {
    if (input.blockHours < SMALL_BLOCK_MIN_HOURS) {
      return { ok: false, why: `a small project's development block is at least ${SMALL_BLOCK_MIN_HOURS} h, not ${input.blockHours} h`, hint: `use --block-hours ${SMALL_BLOCK_MIN_HOURS} or more ("deliver what we can"), or a discovery of at most ${SMALL_DISCOVERY_MAX_HOURS} h` };
    }
    return { ok: true, line: { label: `Development block (deliver what we can in ${input.blockHours} h)`, hours: input.blockHours, rate: input.rate, from: 'block' } };
  }
  if (input.discoveryHours !== undefined) {
    if (input.discoveryBilling === 'waived') {
      return { ok: false, why: 'the discovery\'s billing is waived (tender rules forbid billing it), so a small project cannot bill it', hint: `pass --block-hours N (at least ${SMALL_BLOCK_MIN_HOURS}) for the development, or make it a fixed or iterative proposal` };
    }
    if (input.discoveryHours > SMALL_DISCOVERY_MAX_HOURS) {
      return { ok: false, why: `a small project's discovery is at most ${SMALL_DISCOVERY_MAX_HOURS} billable hours, not ${input.discoveryHours} h`, hint: `pass --block-hours N (at least ${SMALL_BLOCK_MIN_HOURS}), or make it a fixed proposal` };
    }
    return { ok: true, line: { label: 'Discovery', hours: input.discoveryHours, rate: input.rate, from: 'discovery' } };
  }
  return { ok: false, why: 'a small project needs a development block or a discovery', hint: `pass --block-hours N (at least ${SMALL_BLOCK_MIN_HOURS}), or start from a discovery of at most ${SMALL_DISCOVERY_MAX_HOURS} h` };
}

export type Deployment = 'shared' | 'dedicated' | 'aws';
export type Tier = 1 | 2 | 'hourly';

export interface InstanceFacts {
  name: string;
  users?: number;
  deployment?: Deployment;
}

/** Above this many users an instance is priced hourly instead of by tier (a crisp choice; the handbook says only "very large"). */
export const VERY_LARGE_USERS = 100_000;
export const TIER2_ABOVE_USERS = 1000;

export interface TierSuggestion {
  tier: Tier;
  reasons: string[];
}

/**
 * The tier crisp suggests for one maintenance instance, with its reasons (handbook 004): Tier 2 when
 * users > 1000, when the deployment is dedicated (AWS is always dedicated), or when the client has
 * several instances; hourly for very large instances. The person decides; the tool explains.
 */
export function maintenanceTierFor(instance: InstanceFacts, instanceCount: number): TierSuggestion {
  const users = instance.users;
  if (users !== undefined && users > VERY_LARGE_USERS) {
    return { tier: 'hourly', reasons: [`very large instance (${users} users > ${VERY_LARGE_USERS}): bill hourly instead of a tier`] };
  }
  const reasons: string[] = [];
  if (users !== undefined && users > TIER2_ABOVE_USERS) reasons.push(`more than ${TIER2_ABOVE_USERS} users (${users})`);
  if (instance.deployment === 'aws') reasons.push('AWS deployment (always dedicated)');
  else if (instance.deployment === 'dedicated') reasons.push('dedicated deployment');
  if (instanceCount > 1) reasons.push(`several instances (${instanceCount})`);
  if (reasons.length) return { tier: 2, reasons };
  return { tier: 1, reasons: [`at most ${TIER2_ABOVE_USERS} users${users === undefined ? ' (not recorded)' : ` (${users})`}, shared deployment, one instance`] };
}

export interface MaintenanceInstance extends InstanceFacts {
  tier: Tier;
  hours_per_month?: number;
  suggested_tier: Tier;
  reasons: string[];
}

/** Hours per month of a tier (crisp.yaml pricing.maintenance_tiers); hourly has none. */
export function tierHours(tier: Tier, tiers: Record<string, number>): number | undefined {
  return tier === 'hourly' ? undefined : tiers[String(tier)];
}

export function maintenanceInstances(instances: readonly InstanceFacts[], tiers: Record<string, number>, chosen: Record<string, Tier> = {}): MaintenanceInstance[] {
  return instances.map((inst) => {
    const s = maintenanceTierFor(inst, instances.length);
    const tier = chosen[inst.name] ?? s.tier;
    const hours = tierHours(tier, tiers);
    return { ...inst, tier, ...(hours !== undefined && { hours_per_month: hours }), suggested_tier: s.tier, reasons: s.reasons };
  });
}

/**
 * The proposal fields the pricing computes (what a reprice writes): they follow from the kind, the
 * discovery, crisp.yaml and the pricing flags, so they are never written on their own.
 */
export const PRICED_FIELDS = ['rate', 'months', 'lines', 'time_bank', 'budget_years', 'instances'] as const;
export type PricedField = (typeof PRICED_FIELDS)[number];

/** The part of a proposal that `send` freezes: lines, time bank, instances' tiers and hours. */
export interface PricingFacts {
  kind: string;
  lines?: readonly PriceLine[];
  time_bank?: TimeBank;
  budget_years?: number;
  rate?: number;
  instances?: readonly { name: string; tier: Tier; hours_per_month?: number }[];
}

/** JSON with sorted keys and no whitespace: the same pricing always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => byText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What `pricing_sha256` hashes (DESIGN.md §6): only the fields that set a price. */
export function pricingFacts(p: PricingFacts): PricingFacts {
  return {
    kind: p.kind,
    lines: p.lines?.map((l) => ({ label: l.label, hours: l.hours, rate: l.rate })),
    time_bank: p.time_bank && { hours_per_month: p.time_bank.hours_per_month, rate: p.time_bank.rate },
    budget_years: p.budget_years,
    rate: p.rate,
    instances: p.instances?.map((i) => ({ name: i.name, tier: i.tier, hours_per_month: i.hours_per_month })),
  };
}

export function pricingSha256(p: PricingFacts): string {
  return sha256(canonicalJson(pricingFacts(p)));
}

/** Minor units as text with two decimals and thousands separators, e.g. 1260000 → "12,600.00". */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${major}.${String(abs % 100).padStart(2, '0')}`;
}

export function formatMoney(minor: number, currency: string): string {
  return `${currency} ${formatMinor(minor)}`;
}

/** Hours as text without trailing zeros: 12 → "12", 3.5 → "3.5", 2.25 → "2.25". */
export function formatHours(hours: number): string {
  return String(roundHours(hours));
}

export interface PricingTotals {
  /** Lines: total hours and minor units (null for a time bank or maintenance). */
  hours: number | null;
  amount: number | null;
  /** Time bank or tiered instances: hours and minor units a month. */
  monthly_hours: number | null;
  monthly_amount: number | null;
}

/** A proposal's money for lists, JSON and diffs: a total for lines, a monthly sum for a time bank or tiers. */
export function pricingTotals(p: PricingFacts): PricingTotals {
  const priced = p.lines?.length ? priceLines(p.lines) : undefined;
  let monthlyHours: number | null = null;
  let monthlyAmount: number | null = null;
  if (p.time_bank) {
    monthlyHours = p.time_bank.hours_per_month;
    monthlyAmount = lineAmount(p.time_bank.hours_per_month, p.time_bank.rate);
  } else if (p.instances?.length && p.rate !== undefined) {
    const tiered = p.instances.filter((i) => i.hours_per_month !== undefined);
    monthlyHours = roundHours(tiered.reduce((s, i) => s + i.hours_per_month!, 0));
    monthlyAmount = tiered.reduce((s, i) => s + lineAmount(i.hours_per_month!, p.rate!), 0);
  }
  return { hours: priced ? priced.hours : null, amount: priced ? priced.amount : null, monthly_hours: monthlyHours, monthly_amount: monthlyAmount };
}
