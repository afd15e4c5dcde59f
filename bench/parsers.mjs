#!/usr/bin/env node
// Which YAML parser: the same lead frontmatter parsed N times by each candidate, in one run.
// `node bench/parsers.mjs [N]`. The numbers behind the choice are in bench/README.md.
import jsYaml from 'js-yaml';
import { parseDocument, LineCounter } from 'yaml';
import { fastParse, fullParse, parseYamlMap } from '../dist/ledger/codec.js';
import { parseSubset } from '../dist/ledger/yaml-subset.js';

const n = Number(process.argv[2] ?? 20000);
const fm = `id: acme-lms-upgrade-7f3k
title: LMS upgrade and single sign-on
client: acme-learning-k3f9
source: website
owner: alice
stage: qualified
stage_entered: 2026-11-10
segment: A
value: 24000
created: 2026-11-02
follow_up: 2026-11-30
priority: { score: 19, level: High, scored: 2026-11-10, criteria: { strategic_fit: 3, budget: 2, open_source_appetite: 3, relationship: 2 } }
touches:
  - { date: 2026-11-02, channel: email, by: alice, direction: in, note: "Asked about SSO for 40k learners" }
  - { date: 2026-11-03, channel: email, by: alice, note: "Thanks for reaching out - 20 min on Tuesday?" }
  - { date: 2026-11-10, channel: meeting, by: alice, kind: intro }
`;
const candidates = {
  'yaml parseDocument (1.2 core) + toJS': () => parseDocument(fm, { version: '1.2', schema: 'core', uniqueKeys: true, lineCounter: new LineCounter() }).toJS({ maxAliasCount: 0 }),
  'js-yaml load (CORE_SCHEMA)': () => jsYaml.load(fm, { schema: jsYaml.CORE_SCHEMA }),
  'crisp full parser (yaml document API, every rule)': () => fullParse(fm, 'x'),
  'crisp guarded js-yaml path (guard + js-yaml + checks)': () => fastParse(fm),
  'crisp subset parser alone': () => parseSubset(fm),
  'crisp parseYamlMap (subset parser first)': () => parseYamlMap(fm, 'x'),
};
for (const [name, fn] of Object.entries(candidates)) {
  for (let i = 0; i < 500; i++) fn(); // warm up
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`${name.padEnd(60)} ${Math.round(n / s).toLocaleString('en-US').padStart(8)} docs/s`);
}
