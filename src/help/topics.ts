/**
 * The pages `crisp help <topic>` shows: the rules crisp enforces, in a few lines each, and where
 * they come from (the seeds in the design notes, DESIGN.md sections). Refusals' hints name them.
 */
export interface HelpTopic {
  name: string;
  summary: string;
  text: string;
}

const bunProtocol = `The bun protocol: routing client requests ("buns") without a boss

A bun is warm, soft and juicy when it arrives; left a day it gets cold, left days it gets dry.
  - Every bun has exactly one owner (the holder): whoever received it, or whoever answers the
    channel it came in on. Posting it makes you the holder.
  - The holder deals with it within 1 working day, at the latest 2: eat it (claim), offer it (to one
    colleague or to all), or throw it (tell the client no, politely). Never let a bun dry out.
  - Freshness: fresh on the day it arrives, is reheated or offered; warm after 1 working day;
    stale after 2 (crisp.yaml buns.warm_after / stale_after).
  - Push in, pull after: nobody pushes a bun onto someone else. An offered bun stays the holder's
    until a colleague claims it. An offer to all leaves one working day for interest, so the first
    answer does not simply win (a claim inside that window is flagged "talk first").
  - Reheat (talk to the client again) restarts its age. Throw rather than let it dry; anyone may
    still take a thrown bun from the bin. Strategic buns can be escalated to the board and the
    business developer, who still claim it like anyone else.
  - Cookies (requests that need no action) never go stale; dough is a maybe-lead. Subject tags
    BULLE / KAKA / DEG mark bun, cookie and dough (crisp.yaml buns.tags).

On disk a bun is buns/<id>/bun.md plus one file per step in buns/<id>/events/, never edited:
two clones that act on the same bun merge without conflict, and a contested claim is shown, not
lost. To change what happened, post a new event (reheat, offer, claim, throw, resolve).

Origin: the collective's bun protocol page (summarised in DESIGN.md §1; seeds 000/001 link to it);
the event log and its fold: DESIGN.md §2.`;

const pricing = `Pricing: every cost on the table

Proposals show all costs transparently: meetings, discovery and management overhead are lines of
their own, never padded into tasks (seed 004, "Proposals").
  - fixed: the estimated task hours, a meetings line (pricing.meeting_hours_per_month x months), a
    management line (pricing.management_overhead x task and meeting hours), and discovery hours not
    yet billed (an on-acceptance discovery).
  - iterative: expected monthly hours in a time bank, no lump sum; estimates reflect what is known now.
  - maintenance, per instance: Tier 1 = 7 h/month, Tier 2 = 11 h/month, at the on-demand rate (no
    time-bank discount). Tier 2 is suggested for more than 1000 users, a dedicated deployment
    (AWS is always dedicated) or several instances; the person decides, crisp explains.
  - small: a discovery of at most 5 billable hours, or a block of at least 10 dev hours.
Money: amounts on disk are major units with at most 2 decimals; crisp computes in minor units,
rounds each line half up, and the total is the sum of the rounded lines (DESIGN.md §6 "Pricing").
Rates: rates.project (fixed, iterative, small) and rates.on_demand (maintenance) in crisp.yaml.

Discovery billing (seed 004, DESIGN.md §6): discovery is paid. A High lead may defer billing until it
accepts the terms (on-acceptance). RFPs and tenders are answered only for High leads; others go
through a normal paid discovery. "waived" only for a High tender of a government client, with a
reason and a business developer's assessment.

Origin: seed 004 (the handbook's proposal and discovery rules); the exact arithmetic: DESIGN.md §6.`;

const pipeline = `The pipeline: lead -> intro meeting -> discovery -> proposal -> signature -> kickoff

Stages (names fixed; crisp.yaml sets each one's probability and rotting_days):
  new -> qualified -> discovery -> proposal -> won      (open stages in order)
  lost      from any open stage, with --reason
  on-hold   from any open stage; back only to the stage it left; never rots
  - crisp lead stage moves forward any number of steps; backward needs --reason.
  - won only from proposal, and only for a lead with a client record (an org lead is won
    through proposal sign, which creates the client). won and lost are final: a revived deal
    is a new lead whose "previous" names the old one.
  - Commands move leads too: discovery start -> discovery, proposal send -> proposal,
    proposal sign -> won, proposal lose -> lost. They never move a lead backward.
  - A lead rots when it sits in its stage longer than rotting_days without a touch.
Priority: the rubric in crisp.yaml scores leads High / Medium / Low; an unscored lead has no
priority. Follow-ups: after an intro meeting, a follow-up is due about a week later; resend an
email with no reply after a few days; aim for seven touches.

Origin: seed 004 (the sales handbook: pipeline, intro meetings, rubric), seed 002 (stages, the rule
of seven touches, resending); the exact rules: DESIGN.md §4 "Stages" and §6 "Leads".`;

const ledger = `The ledger: plain text in git

  crisp.yaml              settings: rates, working days, stages, rubric, bun tags, targets
  people/<id>.md          consultants          clients/<id>.md     clients (the one place of ownership)
  leads/<id>.md           leads                discoveries/<id>.md, proposals/<id>.md
  buns/<id>/bun.md        a bun as received, with events/ beside it (never edited)
  crisp.schema.json       JSON Schema for crisp.yaml (editors read it; crisp schema prints all)
Each record is YAML frontmatter (the data) and a markdown body (the prose). Ids are
<slug>-<4 random characters>, lowercase, so two people on two branches never mint the same one.
Dates are ISO (2026-11-23, 2026-11-23T09:30:00Z). No updated/modified stamps: git knows when and who.
  - Every change crisp makes is one commit of exactly the files it wrote (--no-commit or
    commit: off to commit by hand). Hand edits survive: crisp changes only the fields it means to.
  - crisp edit <id> edits a record in your editor and checks it before it is saved.
  - crisp validate checks every file; crisp hooks install runs it on hand-made commits.
  - .crisp/ holds derived data (the parse cache) and is git-ignored: delete it any time.

Origin: DESIGN.md §2 (the ledger on disk) and §6; the idea: Beancount/hledger ledgers as plain text.`;

const json = `--json: output for scripts

Every command takes --json and then prints one JSON value on stdout:
  - add, show, set and every other change: the record as an object: id, path (relative to the
    ledger root: use it, never build paths), then every frontmatter field; show adds body.
  - list: an array of such objects.
  - validate: { "ok", "records", "errors": [...], "warnings": [...] }, each problem
    { path, line, code, message, hint }.
  - reports: { "report", "as_of", "period"?, "rows": [...], "totals"? }; money as integer minor
    units plus "currency".
  - refusals: { "error": { "code", "message", "hint", "details" } } with the same exit code,
    usage errors of the command line included (unknown-option, missing-argument, ...: exit 2).
  - crisp schema [kind]: JSON Schema of crisp.yaml ("config") or a record kind.
Exit codes: 0 ok, 1 the ledger or a rule says no, 2 usage error, 3 git needs you, 130 interrupted.
Messages and notes go to stderr, never into the JSON.

Origin: DESIGN.md §4 (the command-line contract) and §5.`;

export const HELP_TOPICS: readonly HelpTopic[] = [
  { name: 'bun-protocol', summary: 'routing client requests: hold, offer, claim, throw, freshness', text: bunProtocol },
  { name: 'pricing', summary: 'proposal kinds, cost lines, maintenance tiers, discovery billing', text: pricing },
  { name: 'pipeline', summary: 'lead stages, which moves are allowed, rotting, priority', text: pipeline },
  { name: 'ledger', summary: 'the files, ids, dates, commits and hand edits', text: ledger },
  { name: 'json', summary: 'what --json prints, exit codes', text: json },
];
