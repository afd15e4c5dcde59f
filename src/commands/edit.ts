/**
 * `crisp edit <id>`: edit a record in your own editor, like visudo. The editor works on a copy under
 * .crisp/edit/; the ledger file changes only when the copy passes every check `validate` makes, so
 * the ledger never holds a half-valid record. Bun events are never edited (DESIGN.md §2: "one file
 * per protocol step, never edited").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CrispError } from '../errors.js';
import { readLedgerFile } from '../ledger/store.js';
import { Change, commitMessage } from '../ledger/transaction.js';
import { KINDS, KIND_NAMES, kindOfPath } from '../model/kinds.js';
import type { Output } from '../output/index.js';
import type { Context } from './context.js';
import { appliedNotes, checkedRecord, recordJson } from './records.js';
import { action } from './run.js';
import { prompts } from '../prompts.js';

/** Files that are append-only by the protocol: each names what to do instead. */
export function immutableFileHint(ref: string): string | undefined {
  const name = ref.split('/').pop() ?? ref;
  const eventName = /^\d{8}T\d{6,9}Z--/.test(name);
  if (/^buns\/[^/]+\/events\//.test(ref) || (eventName && !ref.startsWith('teams/'))) {
    return 'bun events are never edited: post a new event instead (crisp bun reheat|offer|claim|throw <bun>); see `crisp help bun-protocol`';
  }
  if (/^teams\/[^/]+\/events\//.test(ref)) return 'team events are never edited: record a new accept, decline or withdraw instead';
  if (/^sent\//.test(ref)) return 'a sent proposal version is frozen: change the proposal and send a new version';
  return undefined;
}

/** The editor command: $VISUAL, else $EDITOR, else vi (as git does). */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

function runEditor(editor: string, file: string): void {
  // Through the shell, as git runs core.editor: "code --wait" and "emacs -nw" work as written.
  const r = spawnSync('sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    throw new CrispError('editor-failed', `the editor (${editor}) ${r.error ? `could not start: ${r.error.message}` : `exited with status ${r.status}`}; nothing was changed`, {
      hint: `your copy is kept at ${file}; set $VISUAL or $EDITOR to an editor that waits until you close the file`,
    });
  }
}

async function askAgain(error: CrispError): Promise<boolean> {
  process.stderr.write(`${error.message}\n${error.details.map((d) => `  ${d}`).join('\n')}\n`);
  const { select } = await prompts();
  const choice = await select({
    message: 'The record is not valid. What now?',
    choices: [
      { name: 'edit again', value: 'edit' },
      { name: 'discard my changes', value: 'discard' },
    ],
  }, { output: process.stderr });
  return choice === 'edit';
}

async function edit(ctx: Context, ref: string): Promise<Output> {
  const immutable = immutableFileHint(ref);
  if (immutable) throw new CrispError('immutable-file', `${ref} is append-only and cannot be edited`, { hint: immutable });
  // A path (tab-completed in a shell) names its record too.
  const byPath = ref.includes('/') ? kindOfPath(ref.replace(/^\.\//, '')) : undefined;
  const rec = byPath ? ctx.ledger.find(byPath.kind, byPath.id) : ctx.ledger.find(KIND_NAMES, ref);
  const original = readLedgerFile(ctx.root, rec.path);
  if (original.text === undefined) throw new CrispError('unreadable-record', `${rec.path} cannot be read: ${original.problem?.message ?? 'unknown'}`, { hint: original.problem?.hint });
  const dir = join(ctx.root, '.crisp', 'edit');
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, `${rec.id}.md`);
  const notes: string[] = [];
  // A copy left by an earlier refused edit is someone's work: keep it aside, never overwrite it.
  if (existsSync(copy) && readFileSync(copy, 'utf8') !== original.text) {
    renameSync(copy, `${copy}.previous`);
    notes.push(`your earlier unsaved edit of ${rec.path} is kept at ${copy}.previous`);
  }
  writeFileSync(copy, original.text);
  const editor = editorCommand();

  for (;;) {
    runEditor(editor, copy);
    if (!existsSync(copy)) throw new CrispError('edit-copy-gone', `the copy ${copy} was removed; nothing was changed`, { hint: `run crisp edit ${rec.id} again` });
    const text = readFileSync(copy, 'utf8');
    if (text === original.text) {
      rmSync(copy, { force: true });
      return { json: { ...recordJson(rec), changed: false }, human: '', notes: [...notes, `no change to ${rec.path}: nothing to commit`] };
    }
    let invalid: CrispError;
    let message = '';
    let record;
    try {
      const applied = await ctx.mutate(() => {
        const now = readLedgerFile(ctx.root, rec.path).text;
        if (now !== original.text) {
          throw new CrispError('edited-meanwhile', `${rec.path} changed on disk while you were editing; nothing was written`, {
            hint: `your version is kept at ${copy}; compare it with the file, then run crisp edit ${rec.id} again`,
          });
        }
        record = checkedRecord(ctx, rec.kind, rec.id, text);
        message = commitMessage(rec.kind, 'edit', String(record.data[KINDS[rec.kind].titleField] ?? rec.id), rec.id);
        const change = new Change(message).write(rec.path, text);
        // The editor showed the file as it is on disk, changes not committed yet included.
        change.takesUncommitted.add(rec.path);
        return change;
      });
      rmSync(copy, { force: true });
      return { json: { ...recordJson(record!), changed: true }, human: '', notes: [...notes, ...appliedNotes(applied, message)] };
    } catch (e) {
      if (!(e instanceof CrispError) || e.code !== 'invalid-record') throw e;
      invalid = e;
    }
    if (ctx.interactive) {
      if (await askAgain(invalid)) continue;
      rmSync(copy, { force: true });
      return { json: { ...recordJson(rec), changed: false }, human: '', notes: [...notes, `discarded your changes: ${rec.path} is as it was`], exitCode: 1 };
    }
    throw new CrispError('invalid-record', `${rec.path} was left as it was: the edited ${KINDS[rec.kind].label} is not valid`, {
      hint: `your edited copy is kept at ${copy}; fix it and copy it over, or run crisp edit ${rec.id} again on a terminal`,
      details: invalid.details,
    });
  }
}

export function register(program: Command): void {
  program
    .command('edit <id>')
    .description('edit a record in $VISUAL/$EDITOR; it is checked before it replaces the file, then committed')
    .addHelpText(
      'after',
      `
The editor works on a copy in .crisp/edit/. When it closes, crisp runs the same checks as validate:
valid: the record is replaced and committed ("<kind> edit: <title> (<id>)"); unchanged: no commit;
invalid: on a terminal you may edit again or discard; with --no-input (or no terminal) the ledger
file stays as it was, your copy is kept, and crisp exits 1. Bun events are never edited.

Examples:
  crisp edit acme-lms-7f3k
  EDITOR="code --wait" crisp edit alice
  VISUAL=nano crisp edit acme`,
    )
    .action(action((ctx, ref: string) => edit(ctx, ref)));
}
