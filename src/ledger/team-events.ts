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
  /** The frontmatter, when the file parses (whether or not it fits the schema). */
  data?: Record<string, unknown>;
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
  return readdirSync(dir)
    .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
    .sort()
    .map((name) => {
      const path = `${folder}/${name}`;
      return teamEventFileOf(path, readLedgerFile(root, path));
    });
}

/** One team event file from its text as read (from disk or from git), parsed and checked against the schema. */
export function teamEventFileOf(path: string, read: { text?: string; problem?: Problem }): TeamEventFile {
  if (read.text === undefined) return { path, problems: [read.problem!], lineOf: () => 1 };
  const parsed = parseRecordText(read.text, path);
  if (parsed.problems.length) return { path, problems: parsed.problems, lineOf: parsed.lineOf };
  const error = schemaError(teamEventSchema, parsed.data);
  if (error) return { path, data: parsed.data, problems: zodProblems(error, path, parsed.lineOf, parsed.data), lineOf: parsed.lineOf };
  const d = parsed.data as Omit<TeamEvent, 'file' | 'note'>;
  const note = parsed.body.trim();
  return {
    path,
    event: {
      file: path.slice(path.lastIndexOf('/') + 1),
      verb: d.verb,
      person: d.person,
      by: d.by,
      at: d.at,
      after: d.after,
      ...(d.role !== undefined && { role: d.role }),
      ...(d.hours_per_week !== undefined && { hours_per_week: d.hours_per_week }),
      ...(note && { note }),
    },
    data: parsed.data,
    problems: [],
    lineOf: parsed.lineOf,
  };
}

export function readTeamEvents(root: string, leadId: string): TeamEvent[] {
  return readTeamEventFiles(root, leadId).flatMap((f) => (f.event ? [f.event] : []));
}
