/**
 * Roles and role load (seed 004: "open to new work?" is decided by role load first, capacity second;
 * DESIGN.md §6 "Capacity"). A person's roles are dated in their file; client ownership is kept only in
 * the client's `owner` and counted here as a role. Pure.
 */
import type { IsoDate } from './time.js';

export interface RoleEntry {
  role: string;
  client?: string;
  since: IsoDate;
  until?: IsoDate;
  [key: string]: unknown;
}

export interface RolePerson {
  id: string;
  roles?: RoleEntry[];
}

export interface RoleClient {
  id: string;
  name?: string;
  owner?: string;
}

export interface HeldRole {
  role: string;
  client?: string;
  since?: IsoDate;
  until?: IsoDate;
  /** role: from the person's file; client-owner: derived from a client's `owner`. */
  source: 'role' | 'client-owner';
}

/** A dated role is held on `date` when since ≤ date and (no until, or date ≤ until). */
export function isRoleActive(entry: Pick<RoleEntry, 'since' | 'until'>, date: IsoDate): boolean {
  return entry.since <= date && (entry.until === undefined || date <= entry.until);
}

/** The roles a person holds on `date`: their dated roles, then one client-owner role per client. */
export function rolesOn(person: RolePerson, clients: readonly RoleClient[], date: IsoDate): HeldRole[] {
  const held: HeldRole[] = (person.roles ?? [])
    .filter((r) => r && typeof r.since === 'string' && isRoleActive(r, date))
    .map((r) => ({ role: r.role, ...(r.client && { client: r.client }), since: r.since, ...(r.until && { until: r.until }), source: 'role' as const }));
  for (const c of clients) if (c.owner === person.id) held.push({ role: 'client-owner', client: c.id, source: 'client-owner' });
  return held;
}

export interface RoleLoad {
  person: string;
  /** How many roles the person holds on the date (client ownerships included). */
  load: number;
  roles: HeldRole[];
}

export function roleLoad(person: RolePerson, clients: readonly RoleClient[], date: IsoDate): RoleLoad {
  const roles = rolesOn(person, clients, date);
  return { person: person.id, load: roles.length, roles };
}

/** Why a role cannot be ended on `on`: none open, or the date is before it started. */
export function endRoleRefusal(roles: readonly RoleEntry[] | undefined, role: string, on: IsoDate, client?: string): string | undefined {
  const open = (roles ?? []).filter((r) => r.role === role && r.until === undefined && (client === undefined || r.client === client));
  if (!open.length) return `no open ${role} role${client ? ` for ${client}` : ''} to end`;
  if (open.length > 1) return `${open.length} open ${role} roles; name the client with --client`;
  if (on < open[0]!.since) return `the ${role} role started on ${open[0]!.since}; it cannot end before`;
  return undefined;
}
