/** `crisp.yaml`: ledger settings, with the defaults `crisp init` writes. */
import { z } from 'zod';
import { isValidTimeZone, WEEKDAYS } from '../domain/time.js';
import { isoDate, money } from './fields.js';

const stage = (probability: number, rotting_days?: number) =>
  z
    .object({ probability: z.number().min(0).max(1), rotting_days: z.number().int().positive().optional() })
    .default({ probability, ...(rotting_days ? { rotting_days } : {}) });

export const configSchema = z.looseObject({
  name: z.string().min(1).default('Our collective'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code like EUR').default('EUR'),
  timezone: z.string().refine(isValidTimeZone, { message: 'an IANA timezone like Europe/Stockholm' }).default('UTC'),
  rates: z
    .object({ on_demand: money, project: money.optional() })
    .default({ on_demand: 120 }),
  working_days: z.array(z.enum(WEEKDAYS)).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  holidays: z.array(isoDate).default([]),
  stages: z
    .object({
      new: stage(0.05, 7),
      qualified: stage(0.2, 14),
      discovery: stage(0.4, 21),
      proposal: stage(0.6, 14),
      won: stage(1),
      lost: stage(0),
      'on-hold': stage(0.1),
    })
    .default(() => ({
      new: { probability: 0.05, rotting_days: 7 },
      qualified: { probability: 0.2, rotting_days: 14 },
      discovery: { probability: 0.4, rotting_days: 21 },
      proposal: { probability: 0.6, rotting_days: 14 },
      won: { probability: 1 },
      lost: { probability: 0 },
      'on-hold': { probability: 0.1 },
    })),
  rubric: z
    .object({
      criteria: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().positive()),
      thresholds: z.object({ high: z.number(), medium: z.number() }),
    })
    .default({
      criteria: { strategic_fit: 3, budget: 2, open_source_appetite: 2, relationship: 1 },
      thresholds: { high: 18, medium: 10 },
    }),
  buns: z
    .object({
      warm_after: z.number().int().positive().default(1),
      stale_after: z.number().int().positive().default(2),
      interest_window: z.number().int().nonnegative().default(1),
      tags: z
        .object({ bun: z.string().default('BULLE'), cookie: z.string().default('KAKA'), dough: z.string().default('DEG') })
        .default({ bun: 'BULLE', cookie: 'KAKA', dough: 'DEG' }),
    })
    .default({ warm_after: 1, stale_after: 2, interest_window: 1, tags: { bun: 'BULLE', cookie: 'KAKA', dough: 'DEG' } }),
  pricing: z
    .object({
      management_overhead: z.number().min(0).max(1).default(0.15),
      meeting_hours_per_month: z.number().nonnegative().default(2),
      maintenance_tiers: z.record(z.string(), z.number().positive()).default({ 1: 7, 2: 11 }),
    })
    .default({ management_overhead: 0.15, meeting_hours_per_month: 2, maintenance_tiers: { 1: 7, 2: 11 } }),
  followups: z
    .object({
      resend_after_days: z.number().int().positive().default(3),
      intro_follow_up_days: z.number().int().positive().default(7),
      touches_goal: z.number().int().positive().default(7),
      quiet_after_days: z.number().int().positive().default(14),
      partner_report_every_days: z.number().int().positive().default(14),
      email_max_chars: z.number().int().positive().default(400),
    })
    .default({ resend_after_days: 3, intro_follow_up_days: 7, touches_goal: 7, quiet_after_days: 14, partner_report_every_days: 14, email_max_chars: 400 }),
  capacity: z
    .object({ role_load_limit: z.number().int().positive().default(3), careful_below_hours: z.number().nonnegative().default(8) })
    .default({ role_load_limit: 3, careful_below_hours: 8 }),
  happiness: z
    .object({ stale_after_months: z.number().int().positive().default(2), client_stale_after_months: z.number().int().positive().default(3) })
    .default({ stale_after_months: 2, client_stale_after_months: 3 }),
  crisplet: z
    .object({ monthly_fee: money.default(150), revenue_share: z.number().min(0).max(1).default(0.03) })
    .default({ monthly_fee: 150, revenue_share: 0.03 }),
  targets: z.partialRecord(z.enum(['week', 'month', 'quarter']), z.record(z.string(), z.number())).default({}),
  sync: z.enum(['manual', 'auto']).default('manual'),
  commit: z.enum(['auto', 'off']).default('auto'),
  ci: z.object({ install: z.string().optional() }).optional(),
});

export type Config = z.output<typeof configSchema>;

export const defaultConfig = (): Config => configSchema.parse({});
