/**
 * Lead prioritization (seed 004: "a lead prioritization rubric scores leads into High, Medium or
 * Low"): weighted criteria, each scored 0-3; the thresholds in crisp.yaml pick the level.
 */
import type { PriorityLevel } from '../model/fields.js';

export interface Rubric {
  criteria: Record<string, number>;
  thresholds: { high: number; medium: number };
}

export interface ScoreRow {
  criterion: string;
  weight: number;
  value: number;
  points: number;
}

export interface LeadScore {
  score: number;
  level: PriorityLevel;
  criteria: Record<string, number>;
  breakdown: ScoreRow[];
}

export type ScoreResult =
  | { ok: true; result: LeadScore }
  | { ok: false; code: 'unknown-criterion' | 'missing-criteria' | 'bad-value'; message: string; names: string[] };

export function priorityLevel(score: number, t: Rubric['thresholds']): PriorityLevel {
  return score >= t.high ? 'High' : score >= t.medium ? 'Medium' : 'Low';
}

/** Score a lead from the given criterion values, merged over its previous scoring. */
export function scoreLead(rubric: Rubric, given: Record<string, number>, previous: Record<string, number> = {}): ScoreResult {
  const known = Object.keys(rubric.criteria);
  const unknown = Object.keys(given).filter((k) => !known.includes(k));
  if (unknown.length) return { ok: false, code: 'unknown-criterion', message: `unknown criterion ${unknown.join(', ')}`, names: known };
  const bad = Object.entries(given).filter(([, v]) => !Number.isInteger(v) || v < 0 || v > 3);
  if (bad.length) return { ok: false, code: 'bad-value', message: `criterion values are whole numbers 0-3 (${bad.map(([k, v]) => `${k}=${v}`).join(', ')})`, names: known };
  const merged = { ...Object.fromEntries(Object.entries(previous).filter(([k]) => known.includes(k))), ...given };
  const missing = known.filter((k) => merged[k] === undefined);
  if (missing.length) return { ok: false, code: 'missing-criteria', message: `the first scoring must give every criterion; missing ${missing.join(', ')}`, names: missing };
  const breakdown = known.map((criterion) => {
    const weight = rubric.criteria[criterion]!;
    const value = merged[criterion]!;
    return { criterion, weight, value, points: weight * value };
  });
  const score = breakdown.reduce((s, r) => s + r.points, 0);
  const criteria = Object.fromEntries(known.map((k) => [k, merged[k]!]));
  return { ok: true, result: { score, level: priorityLevel(score, rubric.thresholds), criteria, breakdown } };
}
