/**
 * What a template sees: plain data built from the proposal and the records it names, with money
 * already computed (integer minor units) and formatted. Nothing here reads the clock, so the same
 * ledger always renders the same text.
 */
import { formatHours, formatMoney, iterativeBudget, lineAmount, priceLines, type PriceLine, type Tier, type TimeBank } from '../domain/pricing.js';

export interface ProposalData {
  id: string;
  lead: string;
  discovery?: string;
  kind: string;
  status: string;
  title?: string;
  created?: string;
  months?: number;
  rate?: number;
  lines?: PriceLine[];
  time_bank?: TimeBank;
  budget_years?: number;
  instances?: { name: string; users?: number; deployment?: string; tier: Tier; hours_per_month?: number; suggested_tier?: Tier; reasons?: string[] }[];
  sent?: { version: number }[];
}

export interface ViewInput {
  collective: { name: string; currency: string };
  proposal: ProposalData;
  body: string;
  lead: { id: string; title: string; org?: string; source?: string; client?: string };
  client?: { id: string; name: string; sector?: string } | undefined;
  discovery?: { id: string; billing: string; budget_hours?: number; hours_spent?: number; estimates?: { task: string; hours: number; notes?: string }[]; assignee: string } | undefined;
  /** Person id → name. */
  people: Record<string, { name: string; email?: string }>;
}

export function proposalView(input: ViewInput): Record<string, unknown> {
  const { proposal: p, collective } = input;
  const money = (minor: number) => formatMoney(minor, collective.currency);
  const priced = priceLines(p.lines ?? []);
  const person = (id: string | undefined) => (id && input.people[id] ? { id, name: input.people[id]!.name, email: input.people[id]!.email ?? null } : null);
  const bank = p.time_bank
    ? {
        hours_per_month: p.time_bank.hours_per_month,
        rate: money(Math.round(p.time_bank.rate * 100)),
        monthly_amount: money(lineAmount(p.time_bank.hours_per_month, p.time_bank.rate)),
      }
    : null;
  const budget = p.time_bank && p.budget_years ? iterativeBudget(p.time_bank, p.budget_years).map((y) => ({ year: y.year, hours: formatHours(y.hours), amount: money(y.amount) })) : [];
  const instances = (p.instances ?? []).map((i) => ({
    name: i.name,
    users: i.users ?? null,
    deployment: i.deployment ?? null,
    tier: String(i.tier),
    hourly: i.tier === 'hourly',
    hours_per_month: i.hours_per_month ?? null,
    monthly_amount: i.hours_per_month !== undefined && p.rate !== undefined ? money(lineAmount(i.hours_per_month, p.rate)) : null,
    suggested_tier: i.suggested_tier !== undefined ? String(i.suggested_tier) : null,
    reasons: i.reasons ?? [],
  }));
  const maintenanceMinor = (p.instances ?? []).reduce((s, i) => s + (i.hours_per_month !== undefined && p.rate !== undefined ? lineAmount(i.hours_per_month, p.rate) : 0), 0);
  const d = input.discovery;
  return {
    collective: { name: collective.name, currency: collective.currency },
    proposal: {
      id: p.id,
      title: p.title ?? input.lead.title,
      kind: p.kind,
      status: p.status,
      created: p.created ?? null,
      // A draft or sent proposal renders as the version a send would make; a closed one as its last.
      version: p.status === 'draft' || p.status === 'sent' ? (p.sent?.length ?? 0) + 1 : Math.max(p.sent?.length ?? 0, 1),
      months: p.months ?? null,
      rate: p.rate !== undefined ? money(Math.round(p.rate * 100)) : null,
      lines: priced.lines.map((l) => ({ label: l.label, hours: formatHours(l.hours), rate: money(Math.round(l.rate * 100)), amount: money(l.amount), from: l.from ?? 'manual' })),
      total: p.lines?.length ? { hours: formatHours(priced.hours), amount: money(priced.amount) } : null,
      time_bank: bank,
      budget,
      instances,
      maintenance_monthly: instances.some((i) => i.monthly_amount) ? money(maintenanceMinor) : null,
      notes: input.body.trim(),
    },
    lead: { id: input.lead.id, title: input.lead.title, source: input.lead.source ?? null },
    client: { name: input.client?.name ?? input.lead.org ?? input.lead.title, sector: input.client?.sector ?? null },
    discovery: d
      ? {
          id: d.id,
          billing: d.billing,
          hours: d.hours_spent ?? d.budget_hours ?? null,
          by: person(d.assignee),
          estimates: (d.estimates ?? []).map((e) => ({ task: e.task, hours: formatHours(e.hours), notes: e.notes ?? '' })),
        }
      : null,
  };
}
