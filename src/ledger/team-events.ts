/**
 * Reading and naming a lead's team events: `teams/<lead-id>/events/<UTC time>--<actor>--<verb>--<rand>.md`,
 * one file per consent step, never edited (DESIGN.md §2, §6). Three people accepting on three clones
 * add three files, so they never conflict.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TeamEvent, TeamVerb } from '../domain/teams.js';
import { teamEventSchema } from '../model/schemas.js';
import type { Problem } from '../model/problems.js';
import { zodProblems } from '../model/zod-problems.js';
import { schemaError } from '../model/fast-check.js';
import { parseRecordText } from './codec.js';
import { randomSuffix } from './ids.js';
import { readLedgerFile } from './store.js';

export const TEAMS_FOLDER = 'teams';

export const teamEventsFolder = (leadId: string) => `${TEAMS_FOLDER}/${leadId}/events`;

/** `20261123T093000123Z`: UTC with milliseconds and no ':' (portable to every file system). */
export function compactUtc(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace('.', '');
}

export function teamEventPath(leadId: string, at: Date, actor: string, verb: TeamVerb): string {
  return `${teamEventsFolder(leadId)}/${compactUtc(at)}--${actor}--${verb}--${randomSuffix()}.md`;
}

export const TEAM_EVENT_FILE = /^\d{8}T\d{9}Z--[a-z0-9]+(-[a-z0-9]+)*--(propose|accept|decline|withdraw)--[0-9a-z]{4}\.md$/;

export interface TeamEventFile {
  path: string;
  /** The parsed event, when the file parses and fits the schema. */
  event?: TeamEvent;
  problems: Problem[];
  lineOf: (p: readonly (string | number)[]) => number;
}

/** Lead ids that have a team folder. */
export function teamLeadIds(root: string): string[] {
  const dir = join(root, TEAMS_FOLDER);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** Every event file of a lead's team, parsed and checked against the schema (not yet folded). */
export function readTeamEventFiles(root: string, leadId: string): TeamEventFile[] {
  const folder = teamEventsFolder(leadId);
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  const out: TeamEventFile[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort()) {
    const path = `${folder}/${name}`;
    const { text, problem: p } = readLedgerFile(root, path);
    if (text === undefined) {
      out.push({ path, problems: [p!], lineOf: () => 1 });
      continue;
    }
    const parsed = parseRecordText(text, path);
    if (parsed.problems.length) {
      out.push({ path, problems: parsed.problems, lineOf: parsed.lineOf });
      continue;
    }
    const error = schemaError(teamEventSchema, parsed.data);
    if (error) {
      out.push({ path, problems: zodProblems(error, path, parsed.lineOf, parsed.data), lineOf: parsed.lineOf });
      continue;
    }
    const d = parsed.data as Omit<TeamEvent, 'file' | 'note'>;
    const note = parsed.body.trim();
    out.push({
      path,
      event: {
        file: name,
        verb: d.verb,
        person: d.person,
        by: d.by,
        at: d.at,
        after: d.after,
        ...(d.role !== undefined && { role: d.role }),
        ...(d.hours_per_week !== undefined && { hours_per_week: d.hours_per_week }),
        ...(note && { note }),
      },
      problems: [],
      lineOf: parsed.lineOf,
    });
  }
  return out;
}

export function readTeamEvents(root: string, leadId: string): TeamEvent[] {
  return readTeamEventFiles(root, leadId).flatMap((f) => (f.event ? [f.event] : []));
}
