/**
 * Templates are ledger content too (a pull request can add `templates/<name>.liquid`): one that
 * loops, explodes in size, reaches for `constructor` / `__proto__`, or tries to read files fails
 * with a CrispError naming the template, in bounded time, and runs no code.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrispError } from '../../src/errors.js';
import { loadTemplate, renderTemplate } from '../../src/render/template.js';

const root = mkdtempSync(join(tmpdir(), 'crisp-hostile-'));
mkdirSync(join(root, 'templates'));
const view = { proposal: { title: 'LMS', lines: [{ label: 'a', hours: 1 }] }, client: { name: 'Acme' } };
const marker = join(root, 'pwned.txt');

const HOSTILE: Record<string, [string, RegExp]> = {
  'infinite-loop': ['{% for i in (1..100000000) %}{{ proposal.title }}{% endfor %}', /template "infinite-loop"/],
  'nested-explosion': ['{% for a in (1..3000) %}{% for b in (1..3000) %}{{ proposal.title }}xxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}', /template "nested-explosion"/],
  'string-doubling': ['{% assign s = "xxxxxxxxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}', /template "string-doubling"/],
  'constructor': ['{{ proposal.constructor }}', /template "constructor".*(unknown variable|undefined)/],
  'proto': ['{{ proposal.__proto__ }}', /template "proto"/],
  'constructor-chain': ["{{ proposal.title.constructor.constructor }}", /template "constructor-chain"/],
  'bracket-constructor': ['{{ proposal["constructor"]["name"] }}', /template "bracket-constructor"/],
  'proto-assign': ['{% assign p = client.__proto__ %}{{ p.polluted }}', /template "proto-assign"/],
  'include-passwd': ["{% include '/etc/passwd' %}", /template "include-passwd"/],
  'render-relative': ["{% render '../crisp.yaml' %}", /template "render-relative"/],
  'layout-escape': ["{% layout '../../../../etc/hosts' %}x", /template "layout-escape"/],
  'unknown-filter': ["{{ 'touch pwned.txt' | shell }}", /template "unknown-filter"/],
};

describe('hostile templates', () => {
  it.each(Object.entries(HOSTILE))('%s fails with a CrispError naming it, quickly, running nothing', (name, [text, message]) => {
    writeFileSync(join(root, 'templates', `${name}.liquid`), text);
    const started = Date.now();
    let error: unknown;
    try {
      renderTemplate(loadTemplate(root, name), view, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrispError);
    expect((error as CrispError).message).toMatch(message);
    expect((error as CrispError).hint).toBeTruthy();
    // Bounded: the render time limit is 2 s; allow a slow machine some slack.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(marker)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('template names with ../, a leading - or a slash are refused before any file is read', () => {
    for (const bad of ['../crisp', '-x', 'a/b', 'A', '', 'x..y']) {
      expect(() => loadTemplate(root, bad), bad).toThrowError(CrispError);
    }
  });
});
