/**
 * The happiness index (DESIGN.md §1, the collective's primary metric): answers on a 1-5 scale, stale
 * after N months ("older than 2 months" = before the same day-of-month two months back, so exactly two
 * months old is still fresh; §6 "Time"), and any 1 or 2 is a call for help that others act on.
 * Pure: today is passed in.
 */
import { addMonths, type IsoDate } from './time.js';
import { byText } from './order.js';

/** A person's answer (crisp = being in the collective) or a client's (score). */
export interface HappinessAnswer {
  date: IsoDate;
  crisp?: number;
  tasks?: number;
  client?: number;
  score?: number;
  wants?: 'more' | 'same' | 'less';
  note?: string;
  by?: string;
  [key: string]: unknown;
}

export interface HappinessState {
  /** none: never answered; fresh or stale by the age of the latest answer. */
  state: 'none' | 'fresh' | 'stale';
  latest?: HappinessAnswer;
  /** The answers before this date are stale. */
  stale_before: IsoDate;
  /** The latest answer holds a 1 or a 2 (a call for help, stale or not, until a new answer). */
  call_for_help: boolean;
  /** The lowest score of the latest answer. */
  lowest?: number;
}

const SCORE_KEYS = ['crisp', 'tasks', 'client', 'score'] as const;

export function scoresOf(answer: HappinessAnswer): number[] {
  return SCORE_KEYS.map((k) => answer[k]).filter((v): v is number => typeof v === 'number');
}

export function isStale(date: IsoDate, today: IsoDate, staleAfterMonths: number): boolean {
  return date < addMonths(today, -staleAfterMonths);
}

export function happinessState(answers: readonly HappinessAnswer[] | undefined, today: IsoDate, staleAfterMonths: number): HappinessState {
  const staleBefore = addMonths(today, -staleAfterMonths);
  const dated = (answers ?? []).filter((a) => a && typeof a.date === 'string');
  if (!dated.length) return { state: 'none', stale_before: staleBefore, call_for_help: false };
  // The latest by date; on the same date the one written last.
  const latest = dated.reduce((best, a) => (a.date >= best.date ? a : best));
  const scores = scoresOf(latest);
  const lowest = scores.length ? Math.min(...scores) : undefined;
  return {
    state: latest.date < staleBefore ? 'stale' : 'fresh',
    latest,
    stale_before: staleBefore,
    call_for_help: lowest !== undefined && lowest <= 2,
    ...(lowest !== undefined && { lowest }),
  };
}

export interface ClientHappinessInput {
  id: string;
  name?: string;
  owner?: string;
  coach?: string;
  happiness?: HappinessAnswer[];
}

export interface UnhappyClient {
  id: string;
  name?: string;
  owner?: string;
  coach?: string;
  score: number;
  date: IsoDate;
  note?: string;
  stale: boolean;
  reason: string;
}

/**
 * Clients whose latest happiness answer is a 1 or a 2: "call them" (issue 9; report follow-ups
 * lists them as `unhappy client`, naming the client and its owner).
 */
export function unhappyClients(clients: readonly ClientHappinessInput[], today: IsoDate, staleAfterMonths = 3): UnhappyClient[] {
  const out: UnhappyClient[] = [];
  for (const c of clients) {
    const s = happinessState(c.happiness, today, staleAfterMonths);
    if (!s.call_for_help || !s.latest) continue;
    out.push({
      id: c.id,
      ...(c.name !== undefined && { name: c.name }),
      ...(c.owner !== undefined && { owner: c.owner }),
      ...(c.coach !== undefined && { coach: c.coach }),
      score: s.lowest!,
      date: s.latest.date,
      ...(typeof s.latest.note === 'string' && { note: s.latest.note }),
      stale: s.state === 'stale',
      reason: `unhappy client: ${s.lowest} of 5 on ${s.latest.date}, call them`,
    });
  }
  return out.sort((a, b) => a.score - b.score || byText(a.date, b.date) || byText(a.id, b.id));
}

/** People who want more work now (a fresh answer saying so): routing suggestions favour them. */
export function wantsMoreWork(answers: readonly HappinessAnswer[] | undefined, today: IsoDate, staleAfterMonths: number): boolean {
  const s = happinessState(answers, today, staleAfterMonths);
  return s.state === 'fresh' && s.latest?.wants === 'more';
}
