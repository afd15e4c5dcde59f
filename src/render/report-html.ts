/**
 * `crisp report html`: one self-contained page (no scripts, no fonts, no network; charts are
 * inline SVG) that opens from disk. Pure: sections of rows in, HTML text out. Every table cell
 * carries its raw value in `data-key`/`data-value`, so a browser test can read the numbers back.
 */

export interface HtmlColumn {
  key: string;
  header: string;
  align?: 'left' | 'right';
}

export interface HtmlSection {
  id: string;
  heading: string;
  /** Lines above the chart (a verdict, a period); `tone` colours the line. */
  lead?: { text: string; id?: string; tone?: string; data?: string }[];
  svg?: string;
  columns: HtmlColumn[];
  /** Raw rows (for data-value) and what people read in each cell. */
  rows: { raw: Record<string, unknown>; shown: Record<string, string> }[];
  empty?: string;
}

export interface HtmlPage {
  title: string;
  subtitle: string;
  sections: HtmlSection[];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

const attr = (v: unknown) => escapeHtml(v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : typeof v === 'object' ? JSON.stringify(v) : String(v));

function table(s: HtmlSection): string {
  if (!s.rows.length) return `<p class="empty">${escapeHtml(s.empty ?? 'nothing to show')}</p>`;
  const head = s.columns.map((c) => `<th${c.align === 'right' ? ' class="num"' : ''}>${escapeHtml(c.header)}</th>`).join('');
  const body = s.rows
    .map((r) => `<tr>${s.columns.map((c) => `<td data-key="${attr(c.key)}" data-value="${attr(r.raw[c.key])}"${c.align === 'right' ? ' class="num"' : ''}>${escapeHtml(r.shown[c.key] ?? '')}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** A funnel: one centred bar per stage, its width the stage's value (or count when nothing is valued). */
export function funnelSvg(stages: { label: string; value: number; text: string }[]): string {
  const w = 640;
  const h = 34;
  const max = Math.max(1, ...stages.map((s) => s.value));
  const bars = stages
    .map((s, i) => {
      const bw = Math.max(4, Math.round((s.value / max) * (w - 220)));
      const x = 150 + Math.round((w - 220 - bw) / 2);
      const y = i * h + 4;
      return `<g class="stage" data-stage="${attr(s.label)}" data-value="${s.value}"><text x="140" y="${y + 20}" text-anchor="end">${escapeHtml(s.label)}</text><rect x="${x}" y="${y}" width="${bw}" height="${h - 8}" rx="3"/><text x="${w - 50}" y="${y + 20}">${escapeHtml(s.text)}</text></g>`;
    })
    .join('');
  return `<svg class="funnel" role="img" aria-label="pipeline funnel" viewBox="0 0 ${w + 140} ${stages.length * h + 8}" width="100%">${bars}</svg>`;
}

/** Horizontal bars, each with an optional target tick. */
export function barsSvg(items: { label: string; value: number; target?: number | null; text: string }[]): string {
  const w = 640;
  const h = 26;
  const max = Math.max(1, ...items.flatMap((i) => [i.value, i.target ?? 0]));
  const scale = (v: number) => Math.round((v / max) * (w - 330));
  const rows = items
    .map((it, i) => {
      const y = i * h + 4;
      const tick = it.target ? `<line class="target" x1="${180 + scale(it.target)}" x2="${180 + scale(it.target)}" y1="${y - 2}" y2="${y + h - 6}"/>` : '';
      return `<g class="bar" data-label="${attr(it.label)}" data-value="${it.value}"><text x="170" y="${y + 15}" text-anchor="end">${escapeHtml(it.label)}</text><rect x="180" y="${y}" width="${Math.max(0, scale(it.value))}" height="${h - 8}" rx="2"/>${tick}<text x="${w - 140}" y="${y + 15}">${escapeHtml(it.text)}</text></g>`;
    })
    .join('');
  return `<svg class="bars" role="img" viewBox="0 0 ${w} ${items.length * h + 8}" width="100%">${rows}</svg>`;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#1d232a;background:#fbfaf7}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #e3ded3;padding-bottom:.2rem}
.subtitle{color:#5b6570;margin-top:0}.lead{margin:.3rem 0}
table{border-collapse:collapse;width:100%;margin-top:.6rem;font-size:14px}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3ded3;vertical-align:top}
th{background:#f1ede4}.num{text-align:right;font-variant-numeric:tabular-nums}
svg text{font:13px system-ui,sans-serif;fill:#1d232a}
.funnel rect{fill:#3d7ea6}.bars rect{fill:#7aa95c}.bars .target{stroke:#c0392b;stroke-width:3}
.empty{color:#5b6570;font-style:italic}
td[data-key=due]{white-space:nowrap}
.verdict-yes{color:#2e7d32}.verdict-careful{color:#b26a00}.verdict-no{color:#c0392b}
`;

export function reportPage(page: HtmlPage): string {
  const sections = page.sections
    .map(
      (s) => `<section id="${attr(s.id)}">
<h2>${escapeHtml(s.heading)}</h2>
${(s.lead ?? []).map((l) => `<p class="lead${l.tone ? ` verdict-${attr(l.tone)}` : ''}"${l.id ? ` id="${attr(l.id)}"` : ''}${l.data !== undefined ? ` data-value="${attr(l.data)}"` : ''}>${escapeHtml(l.text)}</p>`).join('\n')}
${s.svg ?? ''}
${table(s)}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p class="subtitle">${escapeHtml(page.subtitle)}</p>
${sections}
</body>
</html>
`;
}
