/** Who passed how many buns to whom over a period (issue 4 "Flow"). Pure. */
import type { FoldedBun } from './buns.js';
import { addDays, addMonths, dateIn, type IsoDate } from './time.js';

export type FlowPeriod = 'month' | 'quarter';

export interface FlowRow {
  person: string;
  received: number;
  passed_on: number;
  eaten: number;
  thrown: number;
  median_hours_to_deal: number | null;
  stale: number;
}

/** The calendar month or quarter holding `today`. */
export function periodAround(today: IsoDate, name: FlowPeriod): { from: IsoDate; to: IsoDate } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const firstMonth = name === 'month' ? m : Math.floor((m - 1) / 3) * 3 + 1;
  const from = `${y}-${String(firstMonth).padStart(2, '0')}-01`;
  const to = addDays(addMonths(from, name === 'month' ? 1 : 3), -1);
  return { from, to };
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const hoursBetween = (a: string, b: string) => Math.round(((Date.parse(b) - Date.parse(a)) / 3_600_000) * 10) / 10;

/**
 * received: buns that came to the person in the period; passed on: buns they offered that someone
 * else took; eaten: buns they took; thrown: buns they let go; hours to deal: from receiving a bun to
 * its first eat, offer or throw by them; stale: stale buns they hold now.
 */
export function bunFlowRows(buns: { bun: FoldedBun; received: string; stale: boolean }[], people: string[], period: { from: IsoDate; to: IsoDate }, timeZone = 'UTC'): { rows: FlowRow[]; totals: Omit<FlowRow, 'person'> } {
  const inPeriod = (at: string) => {
    const d = at.length === 10 ? at : dateIn(new Date(at), timeZone);
    return d >= period.from && d <= period.to;
  };
  const rows = new Map<string, FlowRow & { hours: number[] }>();
  const row = (p: string) => {
    let r = rows.get(p);
    if (!r) rows.set(p, (r = { person: p, received: 0, passed_on: 0, eaten: 0, thrown: 0, median_hours_to_deal: null, stale: 0, hours: [] }));
    return r;
  };
  for (const p of people) row(p);
  for (const { bun, received, stale } of buns) {
    if (stale) row(bun.holder).stale++;
    if (inPeriod(received)) {
      row(bun.owner).received++;
      const first = bun.timeline.find((t) => t.applied && t.by === bun.owner && ['offer', 'claim', 'throw', 'escalate', 'convert'].includes(t.verb));
      if (first) row(bun.owner).hours.push(hoursBetween(received.length === 10 ? `${received}T00:00:00Z` : received, first.at));
    }
    for (const t of bun.timeline) {
      if (!t.applied || !inPeriod(t.at)) continue;
      if (t.verb === 'claim') row(t.by).eaten++;
      if (t.verb === 'throw') row(t.by).thrown++;
      if (t.verb === 'offer' || t.verb === 'escalate') {
        const takenByOther = (bun.state === 'taken' || bun.state === 'contested') && bun.claims.some((c) => c.by !== t.by && c.at >= t.at);
        if (takenByOther) row(t.by).passed_on++;
      }
    }
  }
  const list = [...rows.values()].map(({ hours, ...r }) => ({ ...r, median_hours_to_deal: median(hours) })).sort((a, b) => (a.person < b.person ? -1 : 1));
  const all = [...rows.values()].flatMap((r) => r.hours);
  const sum = (k: 'received' | 'passed_on' | 'eaten' | 'thrown' | 'stale') => list.reduce((n, r) => n + r[k], 0);
  return { rows: list, totals: { received: sum('received'), passed_on: sum('passed_on'), eaten: sum('eaten'), thrown: sum('thrown'), median_hours_to_deal: median(all), stale: sum('stale') } };
}
