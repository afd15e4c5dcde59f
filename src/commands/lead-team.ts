/**
 * `crisp lead team <id>`: teams by consent. Anyone proposes, only the person named accepts or
 * declines (seed 000/001: the business developer "has to check with Jim before offering him").
 * Each step is a new event file; the state is folded by domain/teams.ts.
 */
import type { Command } from 'commander';
import { CrispError, usageError } from '../errors.js';
import { foldTeamEvents, teamEventRefusal, teamSendBlockers, type TeamEvent, type TeamState, type TeamVerb } from '../domain/teams.js';
import { serializeRecord } from '../ledger/codec.js';
import type { LedgerRecord } from '../ledger/store.js';
import { readTeamEvents, teamEventPath, teamEventsFolder, teamLeadIds } from '../ledger/team-events.js';
import { Change, commitMessage } from '../ledger/transaction.js';
import type { Output } from '../output/index.js';
import { numberArg } from './args.js';
import type { Context } from './context.js';
import { appliedNotes } from './records.js';
import { action } from './run.js';

interface TeamFlags {
  propose?: string[];
  role?: string;
  accept?: boolean;
  decline?: boolean;
  withdraw?: string | boolean;
  note?: string;
  hours?: string;
  suggest?: boolean;
}

/** The folded team of a lead, read from disk. `proposal send` can call this with teamSendBlockers. */
export function leadTeam(ctx: Context, leadId: string): TeamState {
  return foldTeamEvents(readTeamEvents(ctx.root, leadId));
}

/** Every lead's team with the lead's stage, for report capacity (committedHours) and the like. */
export function allTeams(ctx: Context): { lead: string; stage: string; team: TeamState }[] {
  return teamLeadIds(ctx.root).flatMap((id) => {
    const lead = ctx.ledger.get('lead', id);
    return lead ? [{ lead: id, stage: String(lead.data.stage), team: leadTeam(ctx, id) }] : [];
  });
}

export function teamJson(lead: LedgerRecord, team: TeamState, events: string[] = []): Record<string, unknown> {
  return {
    lead: lead.id,
    path: teamEventsFolder(lead.id),
    members: team.members,
    blockers: teamSendBlockers(team),
    problems: team.problems,
    ...(events.length && { events }),
  };
}

function teamHuman(lead: LedgerRecord, team: TeamState): string {
  const title = `${lead.id}: ${String(lead.data.title ?? '')}`;
  if (!team.members.length) return `${title}\nnobody asked yet (crisp lead team ${lead.id} --propose <person>)`;
  const rows = team.members.map((m) => [
    m.person,
    m.status,
    m.role ?? '',
    m.hours_per_week !== undefined ? `${m.hours_per_week} h/week` : '',
    `asked by ${m.proposed_by} ${m.proposed_at.slice(0, 10)}`,
    m.answered_at ? `${m.status === 'withdrawn' ? 'withdrawn' : 'answered'} ${m.answered_at.slice(0, 10)}` : '',
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  const said = team.members.filter((m) => m.answer_note).map((m) => `  ${m.person}: ${m.answer_note}`);
  if (said.length) lines.push('', 'said:', ...said);
  const blockers = teamSendBlockers(team);
  const tail = blockers.length ? ['', 'a proposal cannot be sent until everyone asked has said yes:', ...blockers.map((b) => `  ${b}`)] : ['', 'everyone asked has said yes'];
  const problems = team.problems.length ? ['', 'needs attention:', ...team.problems.map((p) => `  ${p.file}: ${p.message}`)] : [];
  return [title, ...lines, ...tail, ...problems].join('\n');
}

function eventText(e: Omit<TeamEvent, 'file'>): string {
  return serializeRecord(
    { verb: e.verb, person: e.person, role: e.role, hours_per_week: e.hours_per_week, by: e.by, at: e.at, after: e.after },
    e.note ? `${e.note.trimEnd()}\n` : '',
  );
}

/**
 * A portfolio of skills across people, with reasons: the same "who might serve best" ranking as
 * buns (DESIGN.md §1), minus those already on the team. It suggests; people still say yes themselves.
 */
async function suggestTeam(ctx: Context, lead: LedgerRecord): Promise<Output> {
  const { allBunViews, colleagueSuggestions } = await import('./bun-view.js');
  const onTeam = new Set(leadTeam(ctx, lead.id).members.filter((m) => m.status !== 'withdrawn' && m.status !== 'declined').map((m) => m.person));
  const rows = colleagueSuggestions(ctx, { tags: [], text: `${String(lead.data.title ?? '')}\n${lead.body}` }, (id) => !onTeam.has(id), allBunViews(ctx));
  return {
    json: { lead: lead.id, suggestions: rows },
    human: {
      columns: [{ key: 'id', header: 'WHO' }, { key: 'score', header: 'SCORE', align: 'right' }, { key: 'why', header: 'WHY' }],
      rows: rows.map((r) => ({ id: r.id, score: r.score, why: r.reasons.join('; ') })),
    },
  };
}

async function team(ctx: Context, ref: string, flags: TeamFlags): Promise<Output> {
  const chosen = [flags.propose?.length && '--propose', flags.accept && '--accept', flags.decline && '--decline', flags.withdraw !== undefined && '--withdraw'].filter(Boolean);
  if (chosen.length > 1) throw usageError('team-one-verb', `use one of ${chosen.join(', ')} at a time`, 'e.g. crisp lead team acme-lms --propose carol --propose dan');
  if (flags.hours !== undefined && !flags.accept) throw usageError('team-hours-on-accept', '--hours goes with --accept', 'e.g. crisp lead team acme-lms --accept --hours 16');
  if (flags.role !== undefined && !flags.propose?.length) throw usageError('team-role-on-propose', '--role goes with --propose', 'e.g. crisp lead team acme-lms --propose carol --role developer');
  const lead = ctx.ledger.find('lead', ref);
  if (flags.suggest) {
    if (chosen.length) throw usageError('team-one-verb', '--suggest only shows a ranking; use it on its own', `crisp lead team ${lead.id} --suggest`);
    return suggestTeam(ctx, lead);
  }
  if (!chosen.length) {
    const state = leadTeam(ctx, lead.id);
    return { json: teamJson(lead, state), human: teamHuman(lead, state) };
  }
  const hours = numberArg(flags.hours, '--hours', '16');
  let verb: TeamVerb;
  let people: string[];
  const actor = ctx.actor();
  if (flags.propose?.length) {
    verb = 'propose';
    people = [...new Set(flags.propose.map((p) => ctx.ledger.find('person', p).id))];
  } else if (flags.accept || flags.decline) {
    verb = flags.accept ? 'accept' : 'decline';
    people = [actor];
  } else {
    verb = 'withdraw';
    people = [typeof flags.withdraw === 'string' ? ctx.ledger.find('person', flags.withdraw).id : actor];
  }
  let state!: TeamState;
  const written: string[] = [];
  const message = commitMessage('lead', 'team', `${verb} ${people.join(', ')} on ${String(lead.data.title ?? lead.id)}`, lead.id);
  const applied = await ctx.mutate(() => {
    const events = readTeamEvents(ctx.root, lead.id);
    let current = foldTeamEvents(events);
    const change = new Change(message);
    const base = ctx.now().getTime();
    people.forEach((person, i) => {
      const refusal = teamEventRefusal(current.members, { verb, person, by: actor });
      if (refusal) {
        const hint =
          verb === 'accept' || verb === 'decline'
            ? `only the person asked answers, as themselves (--as <them>); ask to be proposed with crisp lead team ${lead.id} --propose ${actor}`
            : `crisp lead team ${lead.id} shows who is asked and who answered`;
        throw new CrispError('team-refused', refusal, { hint });
      }
      const at = new Date(base + i);
      const path = teamEventPath(lead.id, at, actor, verb);
      const file = path.slice(path.lastIndexOf('/') + 1);
      const event: TeamEvent = {
        file,
        verb,
        person,
        by: actor,
        at: at.toISOString(),
        after: current.head ?? 'start',
        ...(verb === 'propose' && flags.role && { role: flags.role }),
        ...(verb === 'accept' && hours !== undefined && { hours_per_week: hours }),
        ...(flags.note && { note: flags.note }),
      };
      change.write(path, eventText(event));
      written.push(path);
      events.push(event);
      current = foldTeamEvents(events);
    });
    state = current;
    return change;
  });
  const notes = appliedNotes(applied, message);
  const blockers = teamSendBlockers(state);
  return { json: teamJson(lead, state, written), human: teamHuman(lead, state), notes: verb === 'propose' ? [`asked ${people.join(', ')}: a proposal waits until they say yes (${blockers.length} open)`, ...notes] : notes };
}

/** Adds `team` under `crisp lead`. */
export function registerLeadTeam(leads: Command): void {
  leads
    .command('team <id>')
    .description('the team of a lead, by consent: propose people; each accepts or declines for themselves')
    .option('--propose <person...>', 'ask these people to join (anyone may propose anyone)')
    .option('--role <role>', 'with --propose: what they would do (free text, e.g. developer, coach)')
    .option('--accept', 'say yes, as yourself (--as, CRISP_USER or git email)')
    .option('--decline', 'say no, as yourself')
    .option('--hours <per-week>', 'with --accept: the hours per week you commit')
    .option('--withdraw [person]', 'take a name off the team (yourself, or someone you proposed)')
    .option('--note <text>', 'a note kept with the event')
    .option('--suggest', 'who might serve best on this lead, with reasons (writes nothing)')
    .addHelpText(
      'after',
      `
Nobody can say yes for someone else: a proposal for the lead cannot be sent while anyone
asked has not accepted (or has declined).

Examples:
  crisp lead team acme-lms --propose carol dan --role developer
  crisp lead team acme-lms --accept --hours 16 --as carol
  crisp lead team acme-lms --decline --note "full until March" --as dan
  crisp lead team acme-lms            # who is asked, who said yes or no, and when`,
    )
    .action(action((ctx, ref: string, flags: TeamFlags) => team(ctx, ref, flags)));
}
