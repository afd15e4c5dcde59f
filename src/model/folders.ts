/**
 * Where each kind's files live, and where derived data lives: a module of plain names, so that
 * code which runs before the command loads (ledger/early.ts) can name the folders git should
 * scan without loading the schemas.
 */
export const KIND_FOLDERS = {
  person: 'people',
  client: 'clients',
  lead: 'leads',
  discovery: 'discoveries',
  proposal: 'proposals',
  bun: 'buns',
  revenue: 'revenue',
} as const;

/** Where derived data (the parse cache, the lock) lives; git-ignored, never trusted from git. */
export const DERIVED_FOLDER = '.crisp';

/**
 * The folders git scans for one kind's records (or every kind's), with the derived folder: every
 * scan takes it in, so whichever comes first tells whether git holds derived data.
 */
export function scanFolders(kind?: keyof typeof KIND_FOLDERS): string[] {
  return kind ? [KIND_FOLDERS[kind], DERIVED_FOLDER] : [...Object.values(KIND_FOLDERS), DERIVED_FOLDER];
}
