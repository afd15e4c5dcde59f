/**
 * The commented crisp.yaml that `crisp init` writes. Every value here is also the schema default.
 * The first line points editors to the JSON Schema `crisp init` writes beside it (a tracked file,
 * CONFIG_SCHEMA_FILE in model/json-schema.ts; .crisp/ is git-ignored, so clones would lack it).
 */
export function defaultConfigText(name: string): string {
  return `# yaml-language-server: $schema=crisp.schema.json
# crisp ledger settings. Run \`crisp validate\` after editing; \`crisp help ledger\` explains each part.
name: ${JSON.stringify(name)}
currency: EUR                        # ISO 4217 code; amounts on disk are major units with 2 decimals
timezone: UTC                        # calendar dates and working days, e.g. Europe/Stockholm
rates: { on_demand: 120, project: 105 }   # per hour; maintenance is always priced at on_demand
working_days: [mon, tue, wed, thu, fri]
holidays: []                         # e.g. [2026-12-24, 2026-12-25]

# Pipeline stages (names are fixed): probability feeds the weighted forecast (a lead may override
# it with \`probability\`); a lead rots when it sits in a stage longer than rotting_days untouched.
stages:
  new:       { probability: 0.05, rotting_days: 7 }
  qualified: { probability: 0.2,  rotting_days: 14 }
  discovery: { probability: 0.4,  rotting_days: 21 }
  proposal:  { probability: 0.6,  rotting_days: 14 }
  won:       { probability: 1 }
  lost:      { probability: 0 }
  on-hold:   { probability: 0.1 }

# Lead prioritization: each criterion is scored 0-3 and weighted; the total picks the level.
rubric:
  criteria: { strategic_fit: 3, budget: 2, open_source_appetite: 2, relationship: 1 }
  thresholds: { high: 18, medium: 10 }   # High >= 18, Medium >= 10, else Low (segments are A/B/C)

# The bun protocol: a bun is warm after 1 working day, stale after 2; an offer to everyone leaves
# one working day for interest. Email subject tags mark buns, cookies and dough.
buns: { warm_after: 1, stale_after: 2, interest_window: 1, tags: { bun: BULLE, cookie: KAKA, dough: DEG } }

pricing: { management_overhead: 0.15, meeting_hours_per_month: 2, maintenance_tiers: { 1: 7, 2: 11 } }
followups: { resend_after_days: 3, intro_follow_up_days: 7, touches_goal: 7, quiet_after_days: 14, partner_report_every_days: 14, email_max_chars: 400 }
capacity: { role_load_limit: 3, careful_below_hours: 8 }   # role load above the limit = no, at it = careful
happiness: { stale_after_months: 2, client_stale_after_months: 3 }
crisplet: { monthly_fee: 150, revenue_share: 0.03 }
targets:
  week: { touches: 20, intro_meetings: 2 }
  quarter: { value_won: 150000 }
sync: manual                         # or auto: pull before and push after each change
commit: auto                         # or off: write files, leave committing to you
`;
}
