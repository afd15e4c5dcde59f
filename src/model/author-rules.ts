/**
 * `validate --strict` (DESIGN.md §4 "Who acts"): crisp is not access control (anyone with the repo
 * can write any file), so it warns where an event names someone (`by`) whose email differs from the
 * author of the commit that added the event's file: a consent (accept or decline) given in someone
 * else's name, or a bun claimed for someone else. `addedBy` maps ledger paths to the author emails
 * of the commits that added them (git/addedByEmail).
 */
import type { Ledger } from '../ledger/store.js';
import { readTeamEventFiles, teamLeadIds } from '../ledger/team-events.js';
import { problem, type Problem } from './problems.js';

/** An event file that says someone did something: `verb` as the message says it ("accepts"). */
interface ActedEvent {
  path: string;
  by: string;
  verb: string;
  lineOf: (path: readonly (string | number)[]) => number;
  /** The lead or bun it belongs to (`crisp log <id>` shows its commits). */
  of: string;
}

function authorMismatches(ledger: Ledger, addedBy: ReadonlyMap<string, string>, events: readonly ActedEvent[], code: string, whose: string): Problem[] {
  const out: Problem[] = [];
  for (const e of events) {
    const author = addedBy.get(e.path);
    const email = ledger.get('person', e.by)?.data.email;
    if (!author || typeof email !== 'string' || author.toLowerCase() === email.toLowerCase()) continue;
    out.push(problem('warning', e.path, e.lineOf(['by']), code, `${e.by} (${email}) ${e.verb} here, but the commit that added it is by ${author}`, `check with ${e.by} that the ${whose} is theirs; crisp log ${e.of} shows who committed what`));
  }
  return out;
}

/** Accepts and declines in a lead's team log committed by someone other than the person named. */
export function consentAuthorProblems(ledger: Ledger, addedBy: ReadonlyMap<string, string>): Problem[] {
  const events: ActedEvent[] = [];
  for (const leadId of teamLeadIds(ledger.root)) {
    for (const f of readTeamEventFiles(ledger.root, leadId)) {
      const e = f.event;
      if (e && (e.verb === 'accept' || e.verb === 'decline')) events.push({ path: f.path, by: e.by, verb: `${e.verb}s`, lineOf: f.lineOf, of: leadId });
    }
  }
  return authorMismatches(ledger, addedBy, events, 'consent-author', 'answer');
}

/** Claims of buns (`bun claim`, `bun take`) committed by someone other than the person who claims. */
export function claimAuthorProblems(ledger: Ledger, addedBy: ReadonlyMap<string, string>): Problem[] {
  const events: ActedEvent[] = [];
  for (const bun of ledger.all('bun')) {
    for (const f of ledger.bunEvents(bun.id)) {
      if (f.event.verb === 'claim' && f.event.by) events.push({ path: f.path, by: f.event.by, verb: 'claims the bun', lineOf: f.lineOf, of: bun.id });
    }
  }
  return authorMismatches(ledger, addedBy, events, 'claim-author', 'claim');
}
