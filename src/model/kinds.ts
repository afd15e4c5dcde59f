/**
 * The record kinds and where they live. One generic store reads and writes all of them from this
 * table; adding a kind is adding a row.
 */
import type { z } from 'zod';
import { KIND_FOLDERS } from './folders.js';
import { bunSchema, clientSchema, discoverySchema, leadSchema, personSchema, proposalSchema, revenueSchema } from './schemas.js';

export interface KindSpec {
  kind: KindName;
  /** Folder under the ledger root. */
  folder: string;
  /** Singular and plural words for messages. */
  label: string;
  plural: string;
  schema: z.ZodObject;
  /** The field that names a record in lists and commit messages. */
  titleField: string;
  /** true: `<folder>/<id>/bun.md`; false: `<folder>/<id>.md`. */
  nested?: string;
  /** Kinds whose file names are not ids (revenue: `2026-11--alice`) say what a good name is. */
  validFileId?: (id: string) => boolean;
}

export type KindName = keyof typeof KIND_FOLDERS;

export const KINDS: Record<KindName, KindSpec> = {
  person: { kind: 'person', folder: KIND_FOLDERS.person, label: 'person', plural: 'people', schema: personSchema, titleField: 'name' },
  client: { kind: 'client', folder: KIND_FOLDERS.client, label: 'client', plural: 'clients', schema: clientSchema, titleField: 'name' },
  lead: { kind: 'lead', folder: KIND_FOLDERS.lead, label: 'lead', plural: 'leads', schema: leadSchema, titleField: 'title' },
  discovery: { kind: 'discovery', folder: KIND_FOLDERS.discovery, label: 'discovery', plural: 'discoveries', schema: discoverySchema, titleField: 'lead' },
  proposal: { kind: 'proposal', folder: KIND_FOLDERS.proposal, label: 'proposal', plural: 'proposals', schema: proposalSchema, titleField: 'title' },
  bun: { kind: 'bun', folder: KIND_FOLDERS.bun, label: 'bun', plural: 'buns', schema: bunSchema, titleField: 'title', nested: 'bun.md' },
  revenue: {
    kind: 'revenue', folder: KIND_FOLDERS.revenue, label: 'revenue record', plural: 'revenue records', schema: revenueSchema, titleField: 'person',
    validFileId: (id) => REVENUE_FILE_ID.test(id),
  },
};

/** `<yyyy-mm>--<person id>`: one revenue record per person and month. */
export const REVENUE_FILE_ID = /^\d{4}-(0[1-9]|1[0-2])--[a-z0-9]+(-[a-z0-9]+)*$/;
export const revenueId = (month: string, person: string) => `${month}--${person}`;

export const KIND_NAMES = Object.keys(KINDS) as KindName[];

/** Where a record lives, relative to the ledger root. The only place that builds record paths. */
export function recordPath(kind: KindName, id: string): string {
  const spec = KINDS[kind];
  return spec.nested ? `${spec.folder}/${id}/${spec.nested}` : `${spec.folder}/${id}.md`;
}

/** The kind and id a ledger-relative path names, or undefined for files that are not records. */
let byFolder: Map<string, KindSpec[]> | undefined;

export function kindOfPath(path: string): { kind: KindName; id: string } | undefined {
  if (!byFolder) {
    byFolder = new Map();
    for (const spec of Object.values(KINDS)) byFolder.set(spec.folder, [...(byFolder.get(spec.folder) ?? []), spec]);
  }
  const parts = path.split('/');
  for (const spec of byFolder.get(parts[0]!) ?? []) {
    if (spec.nested) {
      if (parts.length === 3 && parts[2] === spec.nested) return { kind: spec.kind, id: parts[1]! };
    } else if (parts.length === 2 && parts[1]!.endsWith('.md')) {
      return { kind: spec.kind, id: parts[1]!.slice(0, -3) };
    }
  }
  return undefined;
}
