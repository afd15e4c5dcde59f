/**
 * What a valid team log is: every event file parses and fits its schema, names a lead that exists and
 * people who exist, and was legal given the events before it (nobody accepts or declines for someone
 * else; DESIGN.md §4 "Who acts", §6 "Teams by consent").
 */
import { foldTeamEvents, missingTeamParents } from '../domain/teams.js';
import type { Ledger } from '../ledger/store.js';
import { readTeamEventFiles, TEAM_EVENT_FILE, teamEventsFolder, teamLeadIds } from '../ledger/team-events.js';
import { problem, type Problem } from './problems.js';

export function teamProblems(ledger: Ledger): Problem[] {
  const out: Problem[] = [];
  for (const leadId of teamLeadIds(ledger.root)) {
    const files = readTeamEventFiles(ledger.root, leadId);
    if (!ledger.get('lead', leadId)) {
      const path = files[0]?.path ?? teamEventsFolder(leadId);
      out.push(problem('error', path, 1, 'team-unknown-lead', `teams/${leadId} is the team of lead "${leadId}", which does not exist`, 'fix the folder name, or add the lead'));
    }
    for (const f of files) {
      out.push(...f.problems);
      const name = f.path.slice(f.path.lastIndexOf('/') + 1);
      if (!TEAM_EVENT_FILE.test(name)) {
        out.push(problem('warning', f.path, 1, 'team-event-name', `"${name}" is not named like a team event`, 'crisp lead team writes <UTC time>--<actor>--<verb>--<4 random>.md; keep that name'));
      }
      const e = f.event;
      if (!e) continue;
      for (const key of ['by', 'person'] as const) {
        if (!ledger.get('person', e[key])) {
          out.push(problem('error', f.path, f.lineOf([key]), 'broken-reference', `${key} names person "${e[key]}", which does not exist`, 'fix the id, or add the person (crisp person list shows them)'));
        }
      }
    }
    const byFile = new Map(files.filter((f) => f.event).map((f) => [f.event!.file, f]));
    const events = files.flatMap((f) => (f.event ? [f.event] : []));
    for (const m of missingTeamParents(events)) {
      const f = byFile.get(m.file)!;
      out.push(problem('error', f.path, f.lineOf(['after']), 'team-missing-parent', `after names ${m.missing.join(', ')}, which is not an event of this team`, 'an event names the event it saw last (or `start`); restore the missing file or fix `after`'));
    }
    for (const p of foldTeamEvents(events).problems) {
      const f = byFile.get(p.file)!;
      if (p.illegal) out.push(problem('error', f.path, f.lineOf(['by']), 'team-consent', p.message, 'consent is given by the person named, from their own clone (crisp lead team <lead> --accept --as <them>); remove this file'));
      // Legal where it was made; a concurrent event on another clone changed what it applies to.
      else out.push(problem('warning', f.path, f.lineOf(['by']), 'team-needs-attention', p.message, `talk it over, then record where you landed (crisp lead team ${leadId} shows the team)`));
    }
  }
  return out;
}
