/**
 * "Who might serve best": a ranking of colleagues for a piece of work, with the reasons, never an
 * assignment (DESIGN.md §1: "push in, pull after"; the business developer has no formal powers).
 * Plain input and output so both buns and team suggestions can use it.
 *
 * Signals, in the handbook's order of weight: skills matching the work (the client is served best),
 * role load before capacity ("Open to new work? Decided by role load first, capacity second", 004),
 * a fresh happiness answer asking for more or less work (the happiness index: "use it when
 * routing"), and who received fewest buns lately ("what goes around comes around").
 */
import { byText } from './order.js';

export interface RoutingCandidate {
  id: string;
  name?: string;
  skills: string[];
  /** Free hours per week (capacity minus committed), or undefined when unknown. */
  free_hours?: number;
  role_load: number;
  /** The latest happiness answer's `wants`, only when that answer is fresh. */
  wants?: 'more' | 'same' | 'less';
  /** Buns this person took lately. */
  buns_lately: number;
}

export interface RoutingWork {
  /** Topic tags (e.g. coaching) and the free text (title, body) to match skills against. */
  tags: string[];
  text: string;
}

export interface RoutingLimits {
  role_load_limit: number;
  careful_below_hours: number;
}

export interface Suggestion {
  id: string;
  name?: string;
  score: number;
  reasons: string[];
  skills_matched: string[];
}

const words = (s: string) => new Set(s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));

/** Two words match when equal, or when one is a longer form of the other ("coach", "coaching"). */
const sameWord = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a)));

/** Skills that a tag names (wholly or as one of its words: coaching ~ agile-coaching), or whose words all appear in the text. */
export function matchedSkills(skills: readonly string[], work: RoutingWork): string[] {
  const tags = work.tags.map((t) => t.toLowerCase());
  const text = [...words(work.text)];
  return skills.filter((s) => {
    const k = s.toLowerCase();
    const parts = [...words(k)];
    if (tags.some((t) => t === k || parts.some((p) => sameWord(p, t)))) return true;
    return parts.every((p) => text.some((w) => sameWord(p, w)));
  });
}

/** Rank candidates, best first; ties by fewer buns lately, then id. Every score comes with its reasons. */
export function rankColleagues(candidates: readonly RoutingCandidate[], work: RoutingWork, limits: RoutingLimits): Suggestion[] {
  const fewest = Math.min(...candidates.map((c) => c.buns_lately));
  const out = candidates.map((c) => {
    const reasons: string[] = [];
    let score = 0;
    const matched = matchedSkills(c.skills, work);
    if (matched.length) {
      score += 3 * matched.length;
      reasons.push(`skills: ${matched.join(', ')}`);
    }
    if (c.role_load > limits.role_load_limit) {
      score -= 4;
      reasons.push(`role load ${c.role_load} is above the limit ${limits.role_load_limit}`);
    } else if (c.role_load === limits.role_load_limit) {
      score -= 1;
      reasons.push(`role load ${c.role_load} is at the limit`);
    }
    if (c.free_hours !== undefined) {
      if (c.free_hours <= 0) {
        score -= 3;
        reasons.push('no free hours');
      } else if (c.free_hours < limits.careful_below_hours) {
        score -= 1;
        reasons.push(`only ${c.free_hours} h/week free`);
      } else {
        score += 1;
        reasons.push(`${c.free_hours} h/week free`);
      }
    }
    if (c.wants === 'more') {
      score += 2;
      reasons.push('asked for more work');
    } else if (c.wants === 'less') {
      score -= 2;
      reasons.push('asked for less work');
    }
    if (candidates.length > 1 && c.buns_lately === fewest) {
      score += 1;
      reasons.push(c.buns_lately === 0 ? 'took no buns lately' : `took fewest buns lately (${c.buns_lately})`);
    } else if (c.buns_lately > fewest) {
      reasons.push(`took ${c.buns_lately} bun${c.buns_lately === 1 ? '' : 's'} lately`);
    }
    return { id: c.id, ...(c.name ? { name: c.name } : {}), score, reasons, skills_matched: matched, lately: c.buns_lately };
  });
  return out
    .sort((a, b) => b.score - a.score || a.lately - b.lately || byText(a.id, b.id))
    .map(({ lately: _lately, ...s }) => s);
}
