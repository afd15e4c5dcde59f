/**
 * Proposal templates and rendering with liquidjs, locked down: strict variables and filters, own
 * properties only, no file access from a template, a time limit, and a cap on the output size.
 * A ledger's `templates/<name>.liquid` overrides the default of the same name shipped with crisp.
 * The output is deterministic (the view holds no clock) and ends with a provenance block.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { packagePath } from '../paths.js';
import { Liquid, type FS } from 'liquidjs';
import { sha256 } from '../domain/pricing.js';
import { CrispError, usageError } from '../errors.js';
import { readLedgerFile } from '../ledger/store.js';

export const DEFAULT_TEMPLATES_DIR = packagePath('templates') + sep;
export const TEMPLATE_EXT = '.liquid';
/** Rendered proposals are documents, not data dumps: 1 MiB is far beyond any real one. */
export const MAX_RENDERED_BYTES = 1024 * 1024;
export const RENDER_TIME_LIMIT_MS = 2000;

export interface TemplateSource {
  name: string;
  /** `ledger`: the ledger's templates/ folder; `default`: shipped with crisp. */
  origin: 'ledger' | 'default';
  text: string;
  /** sha256 of the file's bytes as read (DESIGN.md §5 "Provenance"). */
  sha256: string;
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function templateNames(root: string): { name: string; origin: 'ledger' | 'default' }[] {
  const names = new Map<string, 'ledger' | 'default'>();
  const add = (dir: string, origin: 'ledger' | 'default') => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir)) if (f.endsWith(TEMPLATE_EXT) && NAME.test(f.slice(0, -TEMPLATE_EXT.length))) names.set(f.slice(0, -TEMPLATE_EXT.length), origin);
  };
  add(DEFAULT_TEMPLATES_DIR, 'default');
  add(join(root, 'templates'), 'ledger');
  return [...names].map(([name, origin]) => ({ name, origin })).sort((a, b) => a.name.localeCompare(b.name));
}

export function loadTemplate(root: string, name: string): TemplateSource {
  if (!NAME.test(name)) throw usageError('bad-template', `"${name}" is not a template name`, 'template names are lowercase words joined by "-", e.g. fixed or executive-summary');
  const file = `templates/${name}${TEMPLATE_EXT}`;
  if (existsSync(join(root, file))) {
    const r = readLedgerFile(root, file);
    if (r.problem) throw new CrispError('bad-template', `${file}: ${r.problem.message}`, { hint: r.problem.hint });
    return { name, origin: 'ledger', text: r.text!, sha256: sha256OfBytes(r.bytes!) };
  }
  const shipped = join(DEFAULT_TEMPLATES_DIR, `${name}${TEMPLATE_EXT}`);
  if (existsSync(shipped)) {
    const bytes = readFileSync(shipped);
    return { name, origin: 'default', text: bytes.toString('utf8'), sha256: sha256OfBytes(bytes) };
  }
  throw new CrispError('unknown-template', `there is no template "${name}"`, { hint: `templates: ${templateNames(root).map((t) => t.name).join(', ')} (add your own as templates/<name>${TEMPLATE_EXT} in the ledger)` });
}

/** The hash of the bytes as read, not of a re-encoding of them. */
function sha256OfBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A template may not read files: `include`, `render` and `layout` find nothing. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (f) => {
    throw new Error(`templates cannot read files (${f})`);
  },
  readFileSync: (f) => {
    throw new Error(`templates cannot read files (${f})`);
  },
  resolve: (_dir, file) => file,
};

function engine(): Liquid {
  return new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    fs: NO_FILES,
    relativeReference: false,
    root: [],
    partials: [],
    layouts: [],
    renderLimit: RENDER_TIME_LIMIT_MS,
    parseLimit: MAX_RENDERED_BYTES,
    memoryLimit: 64 * MAX_RENDERED_BYTES,
  });
}

export interface Rendered {
  /** The rendered text above the provenance block. */
  body: string;
  /** body + provenance block: what is printed, written with --out and frozen by send. */
  text: string;
  template: string;
  template_origin: 'ledger' | 'default';
  template_sha256: string;
  content_sha256: string;
  commit: string | null;
}

/** Render `template` with `view`, then append the provenance block. */
export function renderTemplate(template: TemplateSource, view: Record<string, unknown>, commit: string | null): Rendered {
  let out: string;
  try {
    out = engine().parseAndRenderSync(template.text, view);
  } catch (e) {
    throw templateError(template, e);
  }
  if (Buffer.byteLength(out, 'utf8') > MAX_RENDERED_BYTES) {
    throw new CrispError('render-too-large', `template "${template.name}" produced more than ${MAX_RENDERED_BYTES / 1024} KiB`, { hint: 'a loop is probably repeating; check the template' });
  }
  const body = `${out.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
  const content = sha256(body);
  const block = [
    '',
    '---',
    '',
    'Provenance (crisp):',
    `- ledger commit: ${commit ?? 'none (no commits yet)'}`,
    `- template: ${template.name} (${template.origin}), sha256 ${template.sha256}`,
    `- rendered text sha256: ${content}`,
    '',
  ].join('\n');
  return { body, text: body + block, template: template.name, template_origin: template.origin, template_sha256: template.sha256, content_sha256: content, commit };
}

function templateError(template: TemplateSource, e: unknown): CrispError {
  const err = e as Error & { token?: { getPosition?: () => [number, number] }; originalError?: Error };
  const pos = err.token?.getPosition?.();
  const where = `templates/${template.name}${TEMPLATE_EXT}${template.origin === 'default' ? ' (default)' : ''}${pos ? ` line ${pos[0]}` : ''}`;
  const message = (err.originalError?.message ?? err.message ?? String(e)).split(', line:')[0]!.replace(/^undefined variable: /, 'unknown variable ');
  const unknown = /undefined variable|unknown variable/.test(err.message ?? '');
  return new CrispError('template-failed', `template "${template.name}" failed at ${where}: ${message}`, {
    hint: unknown ? 'the variables a template can use are listed in docs/proposals.md ("Template variables"); `crisp proposal render <id> --view` prints the variables it sees' : 'fix the template and render again',
  });
}
