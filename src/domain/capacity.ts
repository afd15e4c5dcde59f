/**
 * Is the team open to new work? The handbook (seed 004) decides by role load first (how many roles
 * each person holds: the risk of burnout) and capacity (hours) second; DESIGN.md §6 "Capacity"
 * gives the thresholds. Happiness (DESIGN.md §1): answers older than 2 months are stale, any 1 or 2
 * is a call for help, and those people are shown first. Pure.
 */
import { addMonths, type IsoDate } from './time.js';
import { byText } from './order.js';

export interface CapacityPerson {
  id: string;
  name?: string;
  capacity_hours_per_week?: number;
  roles?: { role: string; client?: string; since?: string; until?: string }[];
  happiness?: { date: string; crisp?: number; tasks?: number; client?: number; wants?: string }[];
}

export interface CapacityClient {
  id: string;
  owner?: string;
}

/** One team event (DESIGN.md §6 "Teams by consent"), already known to belong to a live lead. */
export interface TeamEvent {
  lead: string;
  verb: string;
  person?: string;
  by?: string;
  at?: string;
  hours_per_week?: number;
}

export interface CapacitySettings {
  role_load_limit: number;
  careful_below_hours: number;
  stale_after_months: number;
}

export type Verdict = 'yes' | 'careful' | 'no';
export type HappinessState = 'call for help' | 'stale' | 'fresh' | 'none';

export interface CapacityRow {
  person: string;
  name: string | null;
  roles: string[];
  role_load: number;
  role_load_limit: number;
  capacity_hours: number;
  committed_hours: number;
  free_hours: number;
  happiness: HappinessState;
  happiness_date: IsoDate | null;
  happiness_lowest: number | null;
  wants: string | null;
  verdict: Verdict;
  reasons: string[];
}

export interface Capacity {
  rows: CapacityRow[];
  verdict: Verdict;
  reasons: string[];
}

const inForce = (r: { since?: string; until?: string }, today: IsoDate) => (!r.since || r.since <= today) && (!r.until || r.until >= today);

/** The roles a person holds today: roles in their file in force, and client ownerships (derived). */
export function rolesHeld(p: CapacityPerson, clients: readonly CapacityClient[], today: IsoDate): string[] {
  const roles = (p.roles ?? []).filter((r) => inForce(r, today)).map((r) => (r.client ? `${r.role} (${r.client})` : r.role));
  const owned = clients.filter((c) => c.owner === p.id).map((c) => `client-owner (${c.id})`);
  return [...roles, ...owned];
}

/** Hours per week each person has accepted on teams: their latest accept/decline/withdraw per lead counts. */
export function committedHours(events: readonly TeamEvent[]): Map<string, number> {
  const latest = new Map<string, TeamEvent>();
  const sorted = [...events].sort((a, b) => byText(a.at ?? '', b.at ?? ''));
  for (const e of sorted) {
    const who = e.person ?? e.by;
    if (!who || !['accept', 'decline', 'withdraw'].includes(e.verb)) continue;
    latest.set(`${e.lead}\0${who}`, e);
  }
  const out = new Map<string, number>();
  for (const [key, e] of latest) {
    if (e.verb !== 'accept') continue;
    const who = key.split('\0')[1]!;
    out.set(who, (out.get(who) ?? 0) + (typeof e.hours_per_week === 'number' ? e.hours_per_week : 0));
  }
  return out;
}

export function happinessState(p: CapacityPerson, today: IsoDate, staleAfterMonths: number): { state: HappinessState; date: IsoDate | null; lowest: number | null; wants: string | null } {
  const latest = [...(p.happiness ?? [])].sort((a, b) => byText(a.date, b.date)).pop();
  if (!latest) return { state: 'none', date: null, lowest: null, wants: null };
  const scores = [latest.crisp, latest.tasks, latest.client].filter((n): n is number => typeof n === 'number');
  const lowest = scores.length ? Math.min(...scores) : null;
  // Exactly two months old is still fresh (DESIGN.md §6 "Time").
  const state: HappinessState = lowest !== null && lowest <= 2 ? 'call for help' : latest.date < addMonths(today, -staleAfterMonths) ? 'stale' : 'fresh';
  return { state, date: latest.date, lowest, wants: latest.wants ?? null };
}

const WORST: Record<Verdict, number> = { yes: 0, careful: 1, no: 2 };

/** A person's verdict: role load decides first, hours second; reasons in that order. */
export function personVerdict(roleLoad: number, freeHours: number, s: Pick<CapacitySettings, 'role_load_limit' | 'careful_below_hours'>): { verdict: Verdict; reasons: string[] } {
  const found: { verdict: Verdict; reason: string }[] = [];
  if (roleLoad > s.role_load_limit) found.push({ verdict: 'no', reason: `role load ${roleLoad} is above the limit ${s.role_load_limit}` });
  else if (roleLoad === s.role_load_limit) found.push({ verdict: 'careful', reason: `role load ${roleLoad} is at the limit ${s.role_load_limit}` });
  if (freeHours <= 0) found.push({ verdict: 'no', reason: `no free hours (${freeHours} h/week)` });
  else if (freeHours < s.careful_below_hours) found.push({ verdict: 'careful', reason: `only ${freeHours} free h/week (under ${s.careful_below_hours})` });
  if (!found.length) return { verdict: 'yes', reasons: [`role load ${roleLoad} of ${s.role_load_limit}, ${freeHours} free h/week`] };
  const verdict = found.reduce<Verdict>((w, f) => (WORST[f.verdict] > WORST[w] ? f.verdict : w), 'yes');
  return { verdict, reasons: found.map((f) => f.reason) };
}

const HAPPINESS_FIRST: Record<HappinessState, number> = { 'call for help': 0, stale: 1, none: 1, fresh: 1 };

export function capacityReport(people: readonly CapacityPerson[], clients: readonly CapacityClient[], events: readonly TeamEvent[], s: CapacitySettings, today: IsoDate): Capacity {
  const committed = committedHours(events);
  const rows = people.map((p): CapacityRow => {
    const roles = rolesHeld(p, clients, today);
    const capacity = typeof p.capacity_hours_per_week === 'number' ? p.capacity_hours_per_week : 0;
    const used = committed.get(p.id) ?? 0;
    const free = Math.round((capacity - used) * 100) / 100;
    const h = happinessState(p, today, s.stale_after_months);
    const v = personVerdict(roles.length, free, s);
    return {
      person: p.id, name: p.name ?? null, roles, role_load: roles.length, role_load_limit: s.role_load_limit,
      capacity_hours: capacity, committed_hours: used, free_hours: free,
      happiness: h.state, happiness_date: h.date, happiness_lowest: h.lowest, wants: h.wants,
      verdict: v.verdict, reasons: v.reasons,
    };
  });
  rows.sort((a, b) => HAPPINESS_FIRST[a.happiness] - HAPPINESS_FIRST[b.happiness] || byText(a.person, b.person));
  return { rows, ...teamVerdict(rows) };
}

/**
 * The team is open if anyone is (yes), careful if anyone is careful, else closed. Reasons: every
 * role-load reason first, then the hours reasons, then who is open, each naming the person.
 */
export function teamVerdict(rows: readonly Pick<CapacityRow, 'person' | 'verdict' | 'reasons'>[]): { verdict: Verdict; reasons: string[] } {
  const verdict: Verdict = rows.some((r) => r.verdict === 'yes') ? 'yes' : rows.some((r) => r.verdict === 'careful') ? 'careful' : 'no';
  const all = rows.flatMap((r) => r.reasons.map((reason) => ({ who: r.person, reason, verdict: r.verdict })));
  // Role load is weighed before hours (seed 004); the people who are open come last.
  const rank = (x: { reason: string; verdict: Verdict }) => (x.verdict === 'yes' ? 2 : x.reason.startsWith('role load') ? 0 : 1);
  const ordered = [...all].sort((a, b) => rank(a) - rank(b));
  return { verdict, reasons: ordered.map((x) => `${x.who}: ${x.reason}`) };
}
