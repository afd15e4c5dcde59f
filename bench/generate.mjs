// Synthetic but realistic ledgers for `npm run bench`: every record kind in realistic proportions,
// real-size markdown bodies, a few hundred commits of history. Seeded, so runs compare.
import { spawnSync } from 'node:child_process';
import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Alice', 'Bob', 'Carol', 'Dan', 'Eva', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Karin', 'Lars', 'Maja', 'Nils', 'Olga', 'Per'];
const LAST = ['Andersson', 'Berg', 'Carlsson', 'Dahl', 'Ek', 'Forsberg', 'Gustafsson', 'Holm', 'Isaksson', 'Jonsson', 'Karlsson', 'Lind'];
const ORG = ['Acme', 'Nordic', 'Baltic', 'Polar', 'Fjord', 'Granite', 'Aurora', 'Lumen', 'Birch', 'Harbor', 'Summit', 'Cobalt', 'Meridian', 'Atlas'];
const ORG2 = ['Learning', 'Health', 'Logistics', 'Insurance', 'Bank', 'Agency', 'University', 'Games', 'Energy', 'Retail', 'Media', 'Foundation'];
const TOPIC = ['LMS upgrade', 'SSO rollout', 'Agile coaching', 'Kanban training', 'Open edX theming', 'Platform migration', 'Team coaching', 'Course authoring', 'Maintenance contract', 'Analytics dashboard', 'Mobile app', 'Accessibility review'];
const SKILLS = ['coaching', 'kanban', 'open-edx', 'python', 'django', 'react', 'devops', 'aws', 'scrum', 'ux', 'training', 'data'];
const SOURCES = ['website', 'referral', 'conference', 'community', 'partner-referral', 'rfp', 'tender', 'existing-client'];
const STAGES = ['new', 'qualified', 'discovery', 'proposal', 'won', 'lost', 'on-hold'];
const CHANNELS = ['email', 'call', 'meeting', 'event', 'other'];
const ALPHA = '0123456789abcdefghjkmnpqrstvwxyz';
const WORDS = 'the client runs several teams on an old platform and wants to move to open source within a year while keeping costs predictable and their staff trained on the new workflow we discussed budget risks timelines and who owns the decision'.split(' ');

export function generateLedger(dir, records, seed = 42) {
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const suffix = () => Array.from({ length: 4 }, () => ALPHA[Math.floor(r() * 32)]).join('');
  const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const date = (lo = 0, hi = 600) => new Date(Date.UTC(2025, 3, 1) + int(lo, hi) * 86400000).toISOString().slice(0, 10);
  const prose = (n) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(Array.from({ length: int(12, 30) }, () => pick(WORDS)).join(' ') + '.');
    return out.join(' ');
  };
  const used = new Set();
  const id = (text) => {
    for (;;) {
      const v = `${slug(text).split('-').slice(0, 4).join('-')}-${suffix()}`;
      if (!used.has(v)) return used.add(v), v;
    }
  };
  const files = [];
  const nPeople = Math.max(6, Math.round(records * 0.01));
  const nClients = Math.max(8, Math.round(records * 0.05));
  const nBuns = Math.round(records * 0.14);
  const nDisc = Math.round(records * 0.08);
  const nProp = Math.round(records * 0.07);
  const nLeads = records - nPeople - nClients - nBuns - nDisc - nProp;
  const people = [];
  for (let i = 0; i < nPeople; i++) {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const pid = id(name);
    people.push(pid);
    files.push([`people/${pid}.md`, `---\nid: ${pid}\nname: ${name}\nemail: ${pid}@example.coop\nskills: [${pick(SKILLS)}, ${pick(SKILLS)}]\ncapacity_hours_per_week: ${int(8, 40)}\nroles:\n  - { role: ${pick(['coach', 'discovery-duty', 'epic-planning', 'board'])}, since: ${date(0, 300)} }\nhappiness:\n  - { date: ${date(400, 600)}, crisp: ${int(1, 5)}, tasks: ${int(1, 5)}, client: ${int(1, 5)}, wants: ${pick(['more', 'same', 'less'])} }\n---\n${prose(2)}\n`]);
  }
  const clients = [];
  for (let i = 0; i < nClients; i++) {
    const name = `${pick(ORG)} ${pick(ORG2)}`;
    const cid = id(name);
    clients.push(cid);
    files.push([`clients/${cid}.md`, `---\nid: ${cid}\nname: ${name}\nsector: ${pick(['private', 'private', 'nonprofit', 'public', 'government'])}\nsegment: ${pick(['A', 'B', 'C'])}\nowner: ${pick(people)}\ncontacts:\n  - { name: ${pick(FIRST)} ${pick(LAST)}, email: contact@${slug(name)}.example, role: Head of Learning }\ninstances:\n  - { name: learn.${slug(name)}.example, users: ${int(50, 60000)}, deployment: ${pick(['shared', 'dedicated', 'aws'])} }\n---\n${prose(3)}\n`]);
  }
  const leads = [];
  for (let i = 0; i < nLeads; i++) {
    const title = `${pick(TOPIC)} for ${pick(ORG)}`;
    const lid = id(title);
    leads.push(lid);
    const stage = pick(STAGES);
    const created = date(0, 560);
    const touches = Array.from({ length: int(1, 9) }, () => `  - { date: ${created}, channel: ${pick(CHANNELS)}, by: ${pick(people)}, note: "${prose(1).slice(0, 120)}" }`).join('\n');
    const hist = stage === 'new' ? `  - { stage: new, date: ${created} }` : `  - { stage: new, date: ${created} }\n  - { stage: ${stage}, date: ${created}${stage === 'lost' ? ', reason: "chose another vendor"' : ''} }`;
    const crit = [int(0, 3), int(0, 3), int(0, 3), int(0, 3)];
    const score = crit[0] * 3 + crit[1] * 2 + crit[2] * 2 + crit[3];
    files.push([`leads/${lid}.md`, `---\nid: ${lid}\ntitle: ${title}\nclient: ${pick(clients)}\nsource: ${pick(SOURCES)}\nowner: ${pick(people)}\nstage: ${stage}\nstage_entered: ${created}\nstage_history:\n${hist}\n${stage === 'on-hold' ? 'on_hold_from: qualified\n' : ''}segment: ${pick(['A', 'B', 'C'])}\nvalue: ${int(2, 200) * 500}\ncreated: ${created}\nfollow_up: ${date(500, 640)}\npriority: { score: ${score}, level: ${score >= 18 ? 'High' : score >= 10 ? 'Medium' : 'Low'}, scored: ${created}, criteria: { strategic_fit: ${crit[0]}, budget: ${crit[1]}, open_source_appetite: ${crit[2]}, relationship: ${crit[3]} } }\ntouches:\n${touches}\n---\n## Intro meeting\n**Situation** ${prose(2)}\n\n**Problem** ${prose(2)}\n\n**Implications** ${prose(1)}\n\n**Need-payoff** ${prose(2)}\n`]);
  }
  const discs = [];
  for (let i = 0; i < nDisc; i++) {
    const lead = pick(leads);
    const did = id(`${lead.split('-').slice(0, 2).join(' ')} discovery`);
    discs.push([did, lead]);
    const est = Array.from({ length: int(2, 6) }, () => `  - { task: ${pick(TOPIC)}, hours: ${int(2, 40)} }`).join('\n');
    files.push([`discoveries/${did}.md`, `---\nid: ${did}\nlead: ${lead}\nassignee: ${pick(people)}\nbilling: billable\nbudget_hours: ${int(3, 20)}\nstarted: ${date(0, 560)}\nstatus: ${pick(['open', 'done'])}\nestimates:\n${est}\n---\n# Discovery\n${prose(6)}\n`]);
  }
  for (let i = 0; i < nProp; i++) {
    const [did, lead] = pick(discs);
    const pid = id(`${lead.split('-').slice(0, 2).join(' ')} proposal`);
    const lines = Array.from({ length: int(2, 6) }, () => `  - { label: ${pick(TOPIC)}, hours: ${int(2, 40)}, rate: 105 }`).join('\n');
    files.push([`proposals/${pid}.md`, `---\nid: ${pid}\nlead: ${lead}\ndiscovery: ${did}\nkind: fixed\nstatus: ${pick(['draft', 'draft', 'lost'])}\nlines:\n${lines}\n---\n${prose(3)}\n`]);
  }
  for (let i = 0; i < nBuns; i++) {
    const title = `${pick(ORG)} wants ${pick(TOPIC).toLowerCase()}`;
    const bid = id(title);
    const holder = pick(people);
    const at = `${date(0, 600)}T0${int(7, 9)}:${int(10, 59)}:00Z`;
    files.push([`buns/${bid}/bun.md`, `---\nid: ${bid}\ntitle: ${title}\nkind: ${pick(['bun', 'bun', 'bun', 'cookie', 'dough'])}\nfrom: "${pick(ORG)}, ${pick(FIRST)} ${pick(LAST)}"\nreceived_by: ${holder}\nreceived: ${at}\ntags: [${pick(SKILLS)}]\n---\n${prose(2)}\n`]);
    const kind = files[files.length - 1][1].match(/^kind: (\w+)/m)[1];
    if (kind !== 'bun') continue; // cookies and dough need no action
    const stamp = at.replace(/[-:]/g, '').replace('Z', '000Z');
    const offer = `${stamp}--${holder}--offer--${suffix()}.md`;
    files.push([`buns/${bid}/events/${offer}`, `---\nverb: offer\nby: ${holder}\nat: ${at}\nafter: bun.md\nto: all\n---\nAnyone?\n`]);
    if (r() < 0.85) {
      const taker = pick(people.filter((p) => p !== holder));
      const claimAt = at.replace(/T0(\d)/, (_, h) => `T1${h}`);
      files.push([`buns/${bid}/events/${claimAt.replace(/[-:]/g, '').replace('Z', '000Z')}--${taker}--claim--${suffix()}.md`, `---\nverb: claim\nby: ${taker}\nat: ${claimAt}\nafter: ${offer}\n---\nI'll take it.\n`]);
    }
  }
  files.push(['crisp.yaml', 'name: Bench Collective\ncurrency: EUR\ntimezone: Europe/Stockholm\n']);
  files.push(['.gitignore', '.crisp/\n']);

  // History: a few hundred commits through git fast-import (seconds, not minutes).
  mkdirSync(dir, { recursive: true });
  spawnSync('git', ['init', '-q', dir]);
  const commits = Math.min(300, Math.max(1, Math.floor(files.length / 20)));
  const per = Math.ceil(files.length / commits);
  const chunks = [];
  let t = 1767225600;
  for (let c = 0; c < commits; c++) {
    const batch = files.slice(c * per, (c + 1) * per);
    if (!batch.length) break;
    const msg = `bench: add records ${c * per + 1}-${c * per + batch.length}`;
    chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.coop> ${t += 3600} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`);
    for (const [path, text] of batch) chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
  }
  const fi = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join(''), maxBuffer: 1 << 30 });
  if (fi.status !== 0) throw new Error(`git fast-import failed: ${fi.stderr}`);
  spawnSync('git', ['symbolic-ref', 'HEAD', 'refs/heads/main'], { cwd: dir });
  const co = spawnSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
  if (co.status !== 0) throw new Error(`git reset failed: ${co.stderr}`);
  // A ledger in use has files older than its index (every commit writes the index anew). Files
  // written in the same second as the index are "racily clean" to git, which then compares their
  // content on every `git diff-files` until the index is next written: a fresh checkout's state,
  // not a ledger's in use (bench/README.md). So the files are dated an hour back and the index
  // takes their new times.
  const back = Date.now() / 1000 - 3600;
  for (const [path] of files) utimesSync(join(dir, path), back, back);
  const refresh = spawnSync('git', ['update-index', '-q', '--refresh'], { cwd: dir });
  if (refresh.status !== 0) throw new Error(`git update-index failed: ${refresh.stderr}`);
  spawnSync('git', ['config', 'user.name', 'Bench'], { cwd: dir });
  spawnSync('git', ['config', 'user.email', 'bench@example.coop'], { cwd: dir });
  return { files: files.length, records, commits: Math.min(commits, chunks.length), people, leads };
}
