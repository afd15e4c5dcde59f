import { describe, expect, it } from 'vitest';
import { idKindsFor } from '../../src/commands/completion.js';
import { editorCommand, immutableFileHint } from '../../src/commands/edit.js';
import { HOOK_MARK, preCommitHook } from '../../src/commands/hooks.js';
import { HELP_TOPICS } from '../../src/help/topics.js';

describe('edit: what may be edited and with what', () => {
  it('refuses append-only files and names what to do instead', () => {
    expect(immutableFileHint('buns/lean-4k2m/events/20261123T093000123Z--alice--claim--ab12.md')).toContain('post a new event');
    expect(immutableFileHint('20261123T093000123Z--alice--claim--ab12')).toContain('post a new event');
    expect(immutableFileHint('teams/acme-lms-7f3k/events/20261123T093000123Z--bob--accept--x1y2.md')).toContain('team events');
    expect(immutableFileHint('sent/acme-prop-1a2b/v1.md')).toContain('send a new version');
    expect(immutableFileHint('buns/lean-4k2m/bun.md')).toBeUndefined();
    expect(immutableFileHint('acme-lms-7f3k')).toBeUndefined();
  });
  it('picks $VISUAL, then $EDITOR, then vi', () => {
    expect(editorCommand({ VISUAL: 'code --wait', EDITOR: 'nano' })).toBe('code --wait');
    expect(editorCommand({ VISUAL: ' ', EDITOR: 'nano' })).toBe('nano');
    expect(editorCommand({})).toBe('vi');
  });
});

describe('completion: which arguments name records', () => {
  it('maps argument and option names to kinds', () => {
    expect(idKindsFor('id')).toBe('all');
    expect(idKindsFor('lead')).toBe('lead');
    expect(idKindsFor('lead|discovery')).toBe('lead,discovery');
    expect(idKindsFor('owner')).toBe('person');
    expect(idKindsFor('client')).toBe('client');
    expect(idKindsFor('title')).toBeUndefined();
    expect(idKindsFor('shell')).toBeUndefined();
  });
});

describe('hooks: the pre-commit script', () => {
  it('carries the mark, skips crisp commits, quotes paths, and checks changed files', () => {
    const text = preCommitHook("my ledger's dir", '/usr/bin/node', '/opt/crisp/bin/crisp.js');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(HOOK_MARK);
    expect(text).toContain('[ "$CRISP_COMMITTING" = 1 ] && exit 0');
    expect(text).toContain(`--ledger 'my ledger'\\''s dir'`);
    expect(text).toContain('validate --staged');
  });
});

describe('help topics', () => {
  it('has the five pages, each naming where its rules come from', () => {
    expect(HELP_TOPICS.map((t) => t.name)).toEqual(['bun-protocol', 'pricing', 'pipeline', 'ledger', 'json']);
    for (const t of HELP_TOPICS) expect(t.text).toMatch(/Origin: .*(seed|DESIGN\.md)/);
  });
});
