/**
 * One zod schema per record kind. The validator, the store and `crisp schema` all read these;
 * nothing else describes what a valid record is.
 */
import { z } from 'zod';
import {
  CHANNELS, PRIORITY_LEVELS, ROLES, SECTORS, SEGMENTS, SOURCES, STAGES,
  hours, id, isoDate, isoDateOrTime, isoDateTime, money, score15,
} from './fields.js';

const text = z.string();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex (64 characters)');
const tier = z.union([z.literal(1), z.literal(2), z.literal('hourly')]);

export const personSchema = z.looseObject({
  id,
  name: text.min(1),
  email: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'expected an email address like alice@example.com'),
  skills: z.array(text).optional(),
  capacity_hours_per_week: hours.optional(),
  roles: z
    .array(z.looseObject({ role: z.enum(ROLES), client: id.optional(), since: isoDate, until: isoDate.optional() }))
    .optional(),
  crisplet: z.array(z.looseObject({ on: isoDate.optional(), off: isoDate.optional() })).optional(),
  happiness: z
    .array(
      z.looseObject({
        date: isoDate,
        crisp: score15,
        tasks: score15.optional(),
        client: score15.optional(),
        wants: z.enum(['more', 'same', 'less']).optional(),
        best: text.optional(),
        worst: text.optional(),
        raise: text.optional(),
      }),
    )
    .optional(),
  created: isoDate.optional(),
});

/** A deployment a client runs (and a maintenance proposal prices, per instance). */
const instanceSchema = z.looseObject({
  name: text,
  users: z.number().int().nonnegative().optional(),
  deployment: z.enum(['shared', 'dedicated', 'aws']).optional(),
});

export const clientSchema = z.looseObject({
  id,
  name: text.min(1),
  sector: z.enum(SECTORS).optional(),
  segment: z.enum(SEGMENTS).optional(),
  owner: id.optional(),
  coach: id.optional(),
  contacts: z.array(z.looseObject({ name: text, email: text.optional(), role: text.optional(), phone: text.optional() })).optional(),
  instances: z.array(instanceSchema).optional(),
  happiness: z.array(z.looseObject({ date: isoDate, score: score15, by: id.optional(), note: text.optional() })).optional(),
  created: isoDate.optional(),
});

export const touchSchema = z.looseObject({
  date: isoDate,
  channel: z.enum(CHANNELS),
  by: id.optional(),
  direction: z.enum(['in', 'out']).optional(),
  kind: z.enum(['intro']).optional(),
  note: text.optional(),
});

export const leadSchema = z.looseObject({
  id,
  title: text.min(1),
  client: id.optional(),
  org: text.optional(),
  source: z.enum(SOURCES),
  owner: id.optional(),
  stage: z.enum(STAGES),
  stage_entered: isoDate,
  stage_history: z
    .array(z.looseObject({ stage: z.enum(STAGES), date: isoDate, by: id.optional(), reason: text.optional() }))
    .optional(),
  on_hold_from: z.enum(STAGES).optional(),
  segment: z.enum(SEGMENTS).optional(),
  value: money.optional(),
  probability: z.number().min(0).max(1).optional(),
  created: isoDate,
  follow_up: isoDate.optional(),
  priority: z
    .looseObject({
      score: z.number().nonnegative(),
      level: z.enum(PRIORITY_LEVELS),
      scored: isoDate,
      criteria: z.record(z.string(), z.number().int().min(0).max(3)).optional(),
    })
    .optional(),
  touches: z.array(touchSchema).optional(),
  previous: id.optional(),
  /** The dough this lead was converted from (`crisp bun convert <id> --to lead`). */
  bun: id.optional(),
  partner: z.looseObject({ name: text, reported: isoDate.optional() }).optional(),
  contacts: z.array(z.looseObject({ name: text, email: text.optional(), role: text.optional() })).optional(),
});

export const discoverySchema = z.looseObject({
  id,
  lead: id,
  assignee: id,
  billing: z.enum(['billable', 'on-acceptance', 'waived']),
  reason: text.optional(),
  assessed_by: id.optional(),
  budget_hours: hours.optional(),
  hours_spent: hours.optional(),
  started: isoDate,
  status: z.enum(['open', 'done', 'cancelled']),
  estimates: z.array(z.looseObject({ task: text.min(1), hours, notes: text.optional() })).optional(),
  created: isoDate.optional(),
});

export const proposalSchema = z.looseObject({
  id,
  lead: id,
  discovery: id.optional(),
  kind: z.enum(['fixed', 'iterative', 'maintenance', 'small']),
  status: z.enum(['draft', 'sent', 'signed', 'lost', 'withdrawn']),
  title: text.optional(),
  lines: z
    .array(z.looseObject({ label: text, hours, rate: money, from: z.enum(['estimate', 'meetings', 'management', 'discovery', 'block', 'manual']).optional() }))
    .optional(),
  months: z.number().int().positive().optional(),
  time_bank: z.looseObject({ hours_per_month: hours, rate: money }).optional(),
  budget_years: z.number().int().nonnegative().optional(),
  rate: money.optional(),
  instances: z
    .array(
      instanceSchema.extend({
        tier: tier,
        hours_per_month: hours.optional(),
        suggested_tier: tier.optional(),
        reasons: z.array(text).optional(),
      }),
    )
    .optional(),
  template: text.optional(),
  sent: z
    .array(
      z.looseObject({
        version: z.number().int().positive(),
        at: isoDateTime,
        by: id,
        template: text,
        template_sha256: sha256,
        content_sha256: sha256,
        pricing_sha256: sha256,
        commit: text.optional(),
      }),
    )
    .optional(),
  signed: z.looseObject({ at: isoDateTime, by: id }).optional(),
  lost: z.looseObject({ at: isoDateTime, by: id, reason: text.min(1) }).optional(),
  created: isoDate.optional(),
});

export const bunSchema = z.looseObject({
  id,
  title: text.min(1),
  kind: z.enum(['bun', 'cookie', 'dough']),
  from: text.optional(),
  received_by: id,
  received: isoDateOrTime,
  tags: z.array(text).optional(),
  client: id.optional(),
  lead: id.optional(),
});


/** Billed revenue of one person in one month (the sales crisplet): `revenue/<yyyy-mm>--<person>.md`. */
export const revenueSchema = z.looseObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month like 2026-11'),
  person: id,
  amount: money,
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code like EUR'),
  note: text.optional(),
  created: isoDate.optional(),
});

/** One consent event of a lead's team: `teams/<lead-id>/events/<time>--<actor>--<verb>--<rand>.md`. */
export const teamEventSchema = z.looseObject({
  verb: z.enum(['propose', 'accept', 'decline', 'withdraw']),
  person: id,
  role: text.optional(),
  hours_per_week: hours.optional(),
  by: id,
  at: isoDateOrTime,
  after: z.union([text, z.array(text)]),
});

/** One bun event file (`buns/<id>/events/*.md`); the verbs and their rules are in domain/buns.ts. */
export const bunEventSchema = z.looseObject({
  verb: text.min(1),
  by: id,
  at: isoDateTime,
  after: z.union([text.min(1), z.array(text.min(1)).min(1)]),
  to: z.union([id, z.array(id)]).optional(),
  until: isoDate.optional(),
  reason: text.optional(),
  note: text.optional(),
  into: z.enum(['bun', 'lead']).optional(),
  lead: id.optional(),
});
