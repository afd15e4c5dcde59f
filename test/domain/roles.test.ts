import { describe, expect, it } from 'vitest';
import { endRoleRefusal, isRoleActive, roleLoad } from '../../src/domain/roles.js';

const alice = {
  id: 'alice',
  roles: [
    { role: 'discovery-duty', since: '2026-11-16', until: '2026-11-27' },
    { role: 'coach', client: 'acme', since: '2026-01-10' },
    { role: 'board', since: '2025-01-01', until: '2025-12-31' },
  ],
};
const clients = [{ id: 'acme', owner: 'alice' }, { id: 'beta', owner: 'bob' }, { id: 'gamma', owner: 'alice' }];

describe('roleLoad', () => {
  it('counts the roles held on the date and the clients owned', () => {
    const load = roleLoad(alice, clients, '2026-11-23');
    expect(load.load).toBe(4);
    expect(load.roles.map((r) => `${r.source}:${r.role}:${r.client ?? ''}`)).toEqual([
      'role:discovery-duty:', 'role:coach:acme', 'client-owner:client-owner:acme', 'client-owner:client-owner:gamma',
    ]);
    expect(roleLoad(alice, clients, '2026-11-28').load).toBe(3); // discovery duty ended on the 27th
    expect(roleLoad({ id: 'carol' }, clients, '2026-11-23')).toEqual({ person: 'carol', load: 0, roles: [] });
  });
  it('a role is held from since to until, both inclusive', () => {
    expect(isRoleActive({ since: '2026-11-16', until: '2026-11-27' }, '2026-11-16')).toBe(true);
    expect(isRoleActive({ since: '2026-11-16', until: '2026-11-27' }, '2026-11-27')).toBe(true);
    expect(isRoleActive({ since: '2026-11-16', until: '2026-11-27' }, '2026-11-15')).toBe(false);
  });
  it('ending a role needs exactly one open one, ended on or after it started', () => {
    expect(endRoleRefusal(alice.roles, 'coach', '2026-12-31')).toBeUndefined();
    expect(endRoleRefusal(alice.roles, 'coach', '2025-12-31')).toBe('the coach role started on 2026-01-10; it cannot end before');
    expect(endRoleRefusal(alice.roles, 'board', '2026-12-31')).toBe('no open board role to end');
  });
});
