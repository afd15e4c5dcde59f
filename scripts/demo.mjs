#!/usr/bin/env node
// `npm run demo`: copies the sample ledger into a throwaway git repository and runs a scripted tour,
// printing each command before its output. The clock is pinned to the sample's "today" so the tour
// reads the same on any day; drop CRISP_NOW to see the ledger as of now.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = resolve(fileURLToPath(new URL('../bin/crisp.js', import.meta.url)));
const base = mkdtempSync(join(tmpdir(), 'crisp-demo-'));
const ledger = join(base, 'sales-ledger');
const env = {
  ...process.env,
  CRISP_NOW: process.env.CRISP_NOW ?? '2026-11-23T09:30:00Z',
  GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'Crisp Demo',
  GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'demo@example.coop',
  GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'Crisp Demo',
  GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'demo@example.coop',
};

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[22m` : s);

/** Each step: a comment for the reader, then the crisp arguments. */
const tour = [
  ['Start a ledger from the sample collective (git init, crisp.yaml, first commit)', ['init', ledger, '--sample']],
  ['Who is in the collective?', ['person', 'list']],
  ['Our clients', ['client', 'list']],
  ['The open pipeline: each lead with its next step', ['lead', 'list']],
  ['Alice adds a lead from the website', ['--as', 'alice', 'lead', 'add', '--title', 'Moodle to Open edX migration', '--org', 'Nordic Learning Co', '--source', 'website', '--value', '18000', '--follow-up', '2d', '--id', 'nordic-migration-demo']],
  ['She holds the intro meeting: the follow-up moves a week out', ['--as', 'alice', 'lead', 'touch', 'nordic-migration-demo', '--channel', 'meeting', '--intro', '--note', 'Situation: 3 LMSes. Problem: licence costs. Need: one platform by autumn.']],
  ['...and scores it with the rubric from crisp.yaml', ['--as', 'alice', 'lead', 'score', 'nordic-migration-demo', '--criterion', 'strategic_fit=3', '--criterion', 'budget=2', '--criterion', 'open_source_appetite=3', '--criterion', 'relationship=1']],
  ['It is qualified', ['--as', 'alice', 'lead', 'stage', 'nordic-migration-demo', 'qualified']],
  ['A lead cannot jump to won', ['--as', 'alice', 'lead', 'stage', 'nordic-migration-demo', 'won']],
  ['The lead as it stands', ['lead', 'show', 'nordic-migration-demo']],
  ['Every change was one commit', ['log', 'nordic-migration-demo']],
  ['Monday morning: whom to call? (due and overdue follow-ups, resends, quiet leads, partner reports, unhappy clients)', ['report', 'follow-ups']],
  ['The pipeline per stage: value, weighted forecast, median age, rotting deals', ['report', 'pipeline']],
  ['Can we take a big deal? Role load first, free hours second', ['report', 'capacity']],
  ['The same pipeline as it was before Alice added her lead, read from git history', ['report', 'pipeline', '--as-of', 'HEAD~4', '--format', 'md']],
  ['Alice starts a paid discovery: the lead moves to discovery', ['--as', 'alice', 'discovery', 'start', 'nordic-migration-demo', '--budget', '5', '--id', 'nordic-discovery-demo']],
  ['She records her estimates (same task again changes it; --remove drops it)', ['--as', 'alice', 'discovery', 'estimate', 'nordic-discovery-demo', '--task', 'Migrate 40 Moodle courses', '--hours', '32']],
  ['A fixed-price proposal: tasks, meetings and management each on their own line', ['--as', 'alice', 'proposal', 'new', 'nordic-discovery-demo', '--kind', 'fixed', '--months', '2', '--id', 'nordic-proposal-demo']],
  ['Rendered from the default template, ending with its provenance', ['proposal', 'render', 'nordic-proposal-demo']],
  ['Alice proposes a team; nobody is on it until they say yes themselves', ['--as', 'alice', 'lead', 'team', 'nordic-migration-demo', '--propose', 'bob', 'eva', '--role', 'developer']],
  ['Bob accepts for himself (Alice cannot do it for him); Eva still blocks a proposal', ['--as', 'bob', 'lead', 'team', 'nordic-migration-demo', '--accept', '--hours', '16']],
  ['Carol holds four roles: not open to new work', ['person', 'roles', 'carol']],
  ['The sales crisplet for November: flat fee plus a share of billed revenue, members only', ['report', 'crisplet', '--month', '2026-11']],
  ['The buns going around: who holds each one, and how fresh it is', ['bun', 'list']],
  ['Eva takes the accessibility audit that Dan offered to everyone: the bun passes from Dan to Eva', ['--as', 'eva', 'bun', 'claim', 'kestrel-a11y-audit-r7p3', '--note', 'I will call Mira today']],
  ['Bob and Farid claimed the same bun on two laptops: both claims are kept, and they should talk', ['bun', 'show', 'nordvik-analytics-k9d4']],
  ['A day later, buns nobody dealt with have gone stale', ['--now', '2026-11-24T09:00:00Z', 'bun', 'list', '--stale']],
  ['Why not? The rules and their origin, in the terminal', ['help', 'pipeline']],
  ['Edit a record in your editor (here a scripted one): checked before it is saved, then committed', ['edit', 'nordic-migration-demo'],
    { EDITOR: `"${process.execPath}" -e "const f=process.argv[1],fs=require('fs');fs.appendFileSync(f,'\\nBudget owner: the CFO.\\n')"` }],
  ['Hand-made commits get the same checks', ['hooks', 'install']],
  ['An id that looks like a git option cannot reach git (nor can one with ../ reach another folder)', ['log', '--', '--output=stolen.txt']],
  ['A title with a newline cannot forge a second commit-message line (see the commit note)', ['--as', 'alice', 'lead', 'set', 'nordic-migration-demo', '--title', 'Moodle to Open edX\nSigned-off-by: Mallory <m@evil.example>']],
  ['The whole ledger validates', ['validate']],
];

for (const [comment, args, stepEnv] of tour) {
  process.stdout.write(`\n${bold(`# ${comment}`)}\n${bold(`$ crisp ${args.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`)}\n`);
  const cwd = args[0] === 'init' ? base : ledger;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...env, ...stepEnv }, stdio: 'inherit' });
  if (r.status !== 0 && !comment.includes('cannot')) {
    process.stderr.write(`demo step failed (exit ${r.status}): crisp ${args.join(' ')}\n`);
    process.exit(1);
  }
}

process.stdout.write(`\n${bold('The demo ledger is at:')} ${ledger}\nKeep exploring:\n  cd ${ledger}\n  export CRISP_USER=alice CRISP_NOW=${env.CRISP_NOW}\n  node ${bin} lead list --all\n  git log --oneline\n`);
