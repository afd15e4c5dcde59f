#!/usr/bin/env node
// `npm run test:browser` (opt-in; `npm test` never needs a browser): builds the HTML report of the
// sample ledger, loads it in headless Chromium (Debian's `chromium`, or $CHROMIUM), checks that
// the DOM the browser built holds the same numbers as `crisp report ... --json`, and saves a
// screenshot. Exits 0 when every check passes, 1 on a mismatch, 2 when no browser is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = resolve(fileURLToPath(new URL('../bin/crisp.js', import.meta.url)));
const base = mkdtempSync(join(tmpdir(), 'crisp-browser-'));
const ledger = join(base, 'ledger');
const site = join(base, 'site');
const shots = resolve(process.env.CRISP_SCREENSHOT_DIR ?? join(base, 'screenshots'));
const env = {
  ...process.env,
  CRISP_NOW: process.env.CRISP_NOW ?? '2026-11-23T09:30:00Z',
  GIT_AUTHOR_NAME: 'Crisp Browser Test', GIT_AUTHOR_EMAIL: 'browser@example.coop',
  GIT_COMMITTER_NAME: 'Crisp Browser Test', GIT_COMMITTER_EMAIL: 'browser@example.coop',
};

const browser = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
if (!browser) {
  process.stderr.write('no Chromium found: install it (Debian: apt-get install -y chromium) or set CHROMIUM=/path/to/chrome\n');
  process.exit(2);
}

function crisp(args, cwd = ledger) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`crisp ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

crisp(['init', ledger, '--sample'], base);
crisp(['report', 'html', '--out', site]);
const page = `file://${join(site, 'index.html')}`;

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars'];
function chromium(extra) {
  const profile = mkdtempSync(join(tmpdir(), 'crisp-chromium-profile-'));
  const r = spawnSync(browser, [...flags, `--user-data-dir=${profile}`, ...extra, page], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const dom = chromium(['--dump-dom']);
const failures = [];
const check = (what, ok) => {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) failures.push(what);
};
/** The table row (<tr>…</tr>) of the browser's DOM whose `key` cell holds `value`, or ''. */
const rowWith = (key, value) => {
  const at = dom.indexOf(`<td data-key="${key}" data-value="${value}"`);
  return at < 0 ? '' : dom.slice(dom.lastIndexOf('<tr>', at), dom.indexOf('</tr>', at));
};
const inRow = (row, key, value) => row.includes(`data-key="${key}" data-value="${value}"`);

const pipeline = JSON.parse(crisp(['--json', 'report', 'pipeline']));
for (const r of pipeline.rows) {
  const row = rowWith('stage', r.stage);
  check(`pipeline ${r.stage}: ${r.count} leads, value ${r.value}, weighted ${r.weighted}`, inRow(row, 'count', r.count) && inRow(row, 'value', r.value) && inRow(row, 'weighted', r.weighted) && dom.includes(`data-stage="${r.stage}" data-value="${r.value}"`));
}
check(`pipeline total weighted ${pipeline.totals.weighted}`, dom.includes(`id="pipeline-total" data-value="${pipeline.totals.weighted}"`));
const metrics = JSON.parse(crisp(['--json', 'report', 'metrics', '--period', 'quarter']));
for (const r of metrics.rows) check(`metric ${r.metric} = ${r.value} (target ${r.target})`, inRow(rowWith('metric', r.metric), 'value', r.value ?? '') && inRow(rowWith('metric', r.metric), 'target', r.target ?? ''));
const capacity = JSON.parse(crisp(['--json', 'report', 'capacity']));
check(`capacity verdict ${capacity.totals.verdict}`, dom.includes(`id="verdict" data-value="${capacity.totals.verdict}"`));
for (const r of capacity.rows) check(`capacity ${r.person}: ${r.free_hours} free, ${r.verdict}`, inRow(rowWith('person', r.person), 'free_hours', r.free_hours) && inRow(rowWith('person', r.person), 'verdict', r.verdict));
const followUps = JSON.parse(crisp(['--json', 'report', 'follow-ups']));
check(`follow-ups: ${followUps.rows.length} rows`, (dom.match(/data-key="reason"/g) ?? []).length === followUps.rows.length);
check('no scripts, no network', !/<script|src="http|href="http/.test(dom));

mkdirSync(shots, { recursive: true });
const shot = join(shots, 'crisp-report.png');
chromium([`--screenshot=${shot}`, '--window-size=1100,3400']);
check(`screenshot saved: ${shot}`, existsSync(shot));

process.stdout.write(`\n${failures.length ? `${failures.length} check(s) failed` : 'all checks passed'}; page: ${join(site, 'index.html')}\n`);
process.exit(failures.length ? 1 : 0);
