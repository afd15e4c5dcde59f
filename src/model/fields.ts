/** Field types shared by every schema: ids, ISO dates kept as strings, money, hours. */
import { z } from 'zod';
import { ISO_DATE, ISO_DATETIME, isIsoDate, isIsoDateTime } from '../domain/time.js';
import { ID_MAX, ID_PATTERN } from '../ledger/ids.js';

export const id = z
  .string()
  .max(ID_MAX, `an id has at most ${ID_MAX} characters`)
  .regex(ID_PATTERN, 'an id is lowercase letters and digits in words joined by single `-`');

// The meta patterns are for `crisp schema` (editors flag 23/11/2026 as you type); the refinements
// stay the real check (a pattern cannot reject 2026-02-30).
export const isoDate = z.string().refine(isIsoDate, { message: 'expected an ISO date like 2026-11-23' }).meta({ format: 'date', pattern: ISO_DATE.source });
export const isoDateTime = z
  .string()
  .refine(isIsoDateTime, { message: 'expected an ISO date-time with Z or an offset, like 2026-11-23T09:30:00Z' })
  .meta({ format: 'date-time', pattern: ISO_DATETIME.source });
export const isoDateOrTime = z
  .string()
  .refine((s) => isIsoDate(s) || isIsoDateTime(s), { message: 'expected an ISO date (2026-11-23) or date-time (2026-11-23T09:30:00Z)' })
  .meta({ pattern: `^(${ISO_DATE.source.slice(1, -1)}|${ISO_DATETIME.source.slice(1, -1)})$` });

const twoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
export const money = z.number().nonnegative().refine(twoDecimals, { message: 'money has at most 2 decimals' });
export const hours = z.number().nonnegative().refine(twoDecimals, { message: 'hours have at most 2 decimals' });
export const score15 = z.number().int().min(1).max(5);

export const SEGMENTS = ['A', 'B', 'C'] as const;
export const SECTORS = ['private', 'nonprofit', 'public', 'government'] as const;
export const ROLES = ['business-developer', 'board', 'discovery-duty', 'coach', 'office', 'epic-planning'] as const;
export const SOURCES = ['website', 'referral', 'conference', 'community', 'partner-referral', 'rfp', 'tender', 'existing-client'] as const;
export const CHANNELS = ['email', 'call', 'meeting', 'event', 'other'] as const;
export const STAGES = ['new', 'qualified', 'discovery', 'proposal', 'won', 'lost', 'on-hold'] as const;
export type Stage = (typeof STAGES)[number];
export const PRIORITY_LEVELS = ['High', 'Medium', 'Low'] as const;
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number];
