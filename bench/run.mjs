#!/usr/bin/env node
// `npm run bench`: generate 10k and 50k-record ledgers, time crisp's commands next to floors
// measured in the same run (node's own start-up, git reading the same files, a plain git commit),
// print times and ratios, and write bench/results.json. See bench/README.md.
//
//   npm run bench                                   both sizes, every command
//   npm run bench -- --records 10000 --runs 3       one size
//   npm run bench -- --generate-only --records 50000 --out /tmp/ledger
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLedger } from './generate.mjs';
import { startProgress } from '../dist/output/progress.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = resolve(here, '../bin/crisp.js');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = String(opt('records', '10000,50000')).split(',').map(Number);
const runs = Number(opt('runs', 5));
const seed = Number(opt('seed', 42));
const env = { ...process.env, CRISP_NOW: '2026-11-23T10:00:00Z', NO_COLOR: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.coop', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.coop' };
delete env.CRISP_LEDGER;
delete env.CRISP_USER;

if (args.includes('--generate-only')) {
  const out = resolve(opt('out', join(tmpdir(), `crisp-bench-${sizes[0]}`)));
  const r = generateLedger(out, sizes[0], seed);
  console.log(`wrote ${r.records} records (${r.files} files, ${r.commits} commits) to ${out}`);
  process.exit(0);
}

const hasTime = existsSync('/usr/bin/time');

/** Run a command once: wall seconds and peak memory (KB) when /usr/bin/time is there. */
function once(cmd, argv, cwd, { before } = {}) {
  before?.();
  const useTime = hasTime;
  const full = useTime ? ['/usr/bin/time', ['-f', '%M', cmd, ...argv]] : [cmd, argv];
  const t = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  const kb = useTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { s, kb, status: r.status, stderr: r.stderr };
}

function median(xs) {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.floor(a.length / 2)];
}

function timeIt(cmd, argv, cwd, opts = {}) {
  const samples = [];
  let kb = 0;
  for (let i = 0; i < (opts.runs ?? runs); i++) {
    const r = once(cmd, argv, cwd, opts);
    if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
    samples.push(r.s);
    kb = Math.max(kb, r.kb || 0);
  }
  return { s: median(samples), kb };
}

const crisp = (argv) => [process.execPath, [bin, ...argv]];
const rows = [];
// A terminal sees which measurement is running; pipes and CI logs see nothing extra.
const progress = startProgress({ delayMs: 0 });
const results = { node: process.version, runs, seed, sizes: {} };

for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), `crisp-bench-${n}-`));
  process.stderr.write(`generating ${n} records...\n`);
  const gen = generateLedger(dir, n, seed);
  const lead = gen.leads.find((id) => readdirSync(join(dir, 'leads')).includes(`${id}.md`));
  const person = gen.people[0];
  const cache = join(dir, '.crisp', 'cache');

  // Floors, measured now, on this machine.
  const nodeFloor = timeIt(process.execPath, ['-e', '0'], dir);
  const readFloor = timeIt('sh', ['-c', 'git ls-files -z | xargs -0 cat > /dev/null'], dir);
  // A plain git commit of one changed file: the lead file `lead touch` changes (what git pays for
  // exactly that commit), and, to see what the flat layout costs, a file at the top level and one
  // in a folder of 32 files (what leads/<2 characters>/ would hold in a sharded layout).
  let k = 0;
  const gitCommitOf = (file) => timeIt('sh', ['-c', `git add -- '${file}' && git commit -qm floor`], dir, { before: () => appendFileSync(join(dir, file), `\n${k++}\n`) });
  mkdirSync(join(dir, 'probe', 'ab'), { recursive: true });
  for (let i = 0; i < 32; i++) writeFileSync(join(dir, 'probe', 'ab', `f${i}.txt`), `${i}\n`);
  spawnSync('sh', ['-c', 'git add probe && git commit -qm probe'], { cwd: dir, env });
  const commitFloor = gitCommitOf(`leads/${lead}.md`);
  const rootCommit = gitCommitOf('notes.txt');
  const shardCommit = gitCommitOf('probe/ab/f0.txt');
  // Warm the cache once.
  once(...crisp(['validate']), dir);

  const measure = (name, argv, target, opts = {}) => {
    progress.update(`${n.toLocaleString('en-US')} records: ${name}`);
    const [cmd, full] = crisp(argv);
    const r = timeIt(cmd, full, dir, opts);
    const check = target(r);
    rows.push({ size: n, name, seconds: r.s, peak_mb: r.kb ? Math.round(r.kb / 1024) : null, ...check });
  };
  const within = (limit, floorName, floor) => (r) => ({ floor: floorName, floor_seconds: floor, ratio: floor ? r.s / floor : null, target: limit.text, ok: limit.ok(r) });

  measure('crisp --help', ['--help'], within({ text: '≤ 1.5 × node -e 0', ok: (r) => r.s <= 1.5 * nodeFloor.s }, 'node -e 0', nodeFloor.s));
  measure('crisp --version', ['--version'], within({ text: '≤ 1.5 × node -e 0', ok: (r) => r.s <= 1.5 * nodeFloor.s }, 'node -e 0', nodeFloor.s));
  measure('validate (cold)', ['validate'], within({ text: '≥ 15,000 records/s', ok: (r) => n / r.s >= 15000 }, 'read all files', readFloor.s), { before: () => rmSync(cache, { recursive: true, force: true }), runs: Math.min(runs, 3) });
  once(...crisp(['validate']), dir);
  const warmLimit = n <= 10000 ? 0.3 : 0.6;
  measure('validate (warm)', ['validate'], within({ text: `≤ ${warmLimit} s`, ok: (r) => r.s <= warmLimit }, 'read all files', readFloor.s));
  measure('lead list (warm)', ['lead', 'list'], within({ text: `≤ ${warmLimit} s`, ok: (r) => r.s <= warmLimit }, 'read all files', readFloor.s));
  measure('lead show', ['lead', 'show', lead], within({ text: '—', ok: () => true }, 'node -e 0', nodeFloor.s));
  measure('lead touch (commit)', ['--as', person, 'lead', 'touch', lead, '--channel', 'call'], within({ text: '≤ git commit + 0.15 s', ok: (r) => r.s <= commitFloor.s + 0.15 }, 'git commit', commitFloor.s));
  // Not crisp: git alone, committing a file elsewhere (the layout question, issue 7 item 5).
  rows.push({ size: n, name: 'git commit, top-level file', seconds: rootCommit.s, peak_mb: null, floor: 'git commit', floor_seconds: commitFloor.s, ratio: rootCommit.s / commitFloor.s, target: '(layout)', ok: true });
  rows.push({ size: n, name: 'git commit, 32-file folder', seconds: shardCommit.s, peak_mb: null, floor: 'git commit', floor_seconds: commitFloor.s, ratio: shardCommit.s / commitFloor.s, target: '(layout)', ok: true });
  for (const report of ['pipeline', 'follow-ups', 'metrics', 'capacity', 'buns']) {
    // Reports that this version has (and that run on the generated ledger) are timed.
    if (once(...crisp(['report', report]), dir).status !== 0) continue;
    measure(`report ${report} (warm)`, ['report', report], within({ text: '≤ 1 s, ≤ 300 MB', ok: (r) => r.s <= 1 && (!r.kb || r.kb <= 300 * 1024) }, 'read all files', readFloor.s), { runs: Math.min(runs, 3) });
  }
  // What a person sees most: the same commands right after one file changed (a hand edit of a
  // lead; git sees it modified). No target of its own: the warm targets are the bar.
  const edit = () => appendFileSync(join(dir, 'leads', `${lead}.md`), `\nedited ${k++}\n`);
  for (const [name, argv] of [['validate', ['validate']], ['lead list', ['lead', 'list']], ['report pipeline', ['report', 'pipeline']]]) {
    measure(`${name} (after an edit)`, argv, within({ text: '—', ok: () => true }, 'read all files', readFloor.s), { before: edit, runs: Math.min(runs, 3) });
  }
  results.sizes[n] = { files: gen.files, commits: gen.commits, floors: { node: nodeFloor.s, read_all_files: readFloor.s, git_commit: commitFloor.s, git_commit_top_level: rootCommit.s, git_commit_32_file_folder: shardCommit.s } };
  rmSync(dir, { recursive: true, force: true });
}

progress.done();
const fmt = (x, d = 3) => (x == null ? '—' : x.toFixed(d));
const table = [
  ['records', 'command', 'median s', 'peak MB', 'floor', 'floor s', 'ratio', 'target', 'ok'],
  ...rows.map((r) => [String(r.size), r.name, fmt(r.seconds), r.peak_mb == null ? '—' : String(r.peak_mb), r.floor, fmt(r.floor_seconds), r.ratio == null ? '—' : `${r.ratio.toFixed(2)}×`, r.target, r.ok ? 'yes' : 'NO']),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => [...row[i]].length)));
for (const row of table) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
results.rows = rows;
writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote bench/results.json`);
