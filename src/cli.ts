/**
 * The command-line entry: global options and the command groups. Each group's module is imported
 * only when that group runs, so `crisp --help` loads no YAML, git or template code.
 */
import { Command, CommanderError, Option } from 'commander';
import type { GroupName } from './app.js';
import { crispVersion } from './version.js';

/** Everything past commander (app.ts), loaded only when a command runs. */
const app = () => import('./app.js');

interface Group {
  summary: string;
  /** Registers every group first (completion walks the whole command tree). */
  needsAllGroups?: boolean;
  hidden?: boolean;
  /** Has work to start before its module loads (ledger/early.ts). */
  early?: boolean;
}

const GROUPS: Record<GroupName, Group> = {
  init: { summary: 'create a new ledger (git repository, crisp.yaml, first commit)' },
  person: { summary: 'colleagues: add, list, show, set' },
  client: { summary: 'clients: add, list, show, set' },
  lead: { summary: 'leads: add, list, show, set, touch, stage, score' },
  discovery: { summary: 'paid discoveries: start, estimate, done, list, show' },
  proposal: { summary: 'proposals: new, set, render, send, sign, lose, list, show, submit' },
  diff: { summary: 'what changed between two commits, in words and money (markdown)' },
  revenue: { summary: 'billed revenue per person and month (the sales crisplet)' },
  validate: { summary: 'check every file of the ledger and report all problems', early: true },
  log: { summary: "a record's history from git" },
  bun: { summary: 'buns: client requests routed between colleagues (post, offer, claim, list, show)' },
  sync: { summary: 'pull (rebase) and push the ledger through its git remote' },
  report: { summary: 'pipeline, follow-ups, metrics, capacity, buns, crisplet, html (--as-of any date)' },
  edit: { summary: 'edit a record in your editor; checked before it is saved, then committed' },
  schema: { summary: 'JSON Schema for crisp.yaml and each record kind' },
  hooks: { summary: 'install a git pre-commit hook that validates hand-made commits' },
  completion: { summary: 'shell completion script: bash, zsh or fish', needsAllGroups: true },
  '__complete-ids': { summary: 'record ids for shell completion', hidden: true },
};

const isGroup = (name: string | undefined): name is GroupName => name !== undefined && Object.hasOwn(GROUPS, name);

/** Where the first word of a command line is that is not an option or an option's value (-1: none). */
function firstWordAt(argv: readonly string[], from = 0): number {
  const takesValue = new Set(['--ledger', '--as', '--now']);
  for (let i = from; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (takesValue.has(a)) i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

const firstWord = (argv: readonly string[]) => argv[firstWordAt(argv)];

/** The group a command line names: its first word, or for `help <group>` the word after help. */
function groupOf(argv: readonly string[]): string | undefined {
  const at = firstWordAt(argv);
  if (argv[at] !== 'help') return argv[at];
  const next = firstWordAt(argv, at + 1);
  return next < 0 ? undefined : argv[next];
}

/** The command a command line names, as far as the program knows it (`crisp lead list`): for a usage error's hint. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = ['crisp'];
  let cmd = program;
  for (let at = firstWordAt(argv); at >= 0; at = firstWordAt(argv, at + 1)) {
    const sub = cmd.commands.find((c) => c.name() === argv[at] || c.aliases().includes(argv[at]!));
    if (!sub) break;
    names.push(sub.name());
    cmd = sub;
  }
  return names.join(' ');
}

export function buildProgram(): Command {
  const program = new Command('crisp');
  program
    .description('A consultancy\'s sales work as plain-text files in git: leads, clients, people, buns and proposals.')
    .version(crispVersion(), '-V, --version', 'print the version')
    .option('--ledger <dir>', 'the ledger folder (default: $CRISP_LEDGER, else the nearest parent with crisp.yaml)')
    .option('--as <person>', 'act as this person (default: $CRISP_USER, else the person with git\'s user.email)')
    .option('--json', 'machine-readable output on stdout')
    .option('--no-commit', 'write files but do not commit them')
    .option('--no-input', 'never prompt; missing values are usage errors')
    .option('-q, --quiet', 'print no notes on stderr')
    .addOption(new Option('--now <iso>', 'override the clock (also $CRISP_NOW)').hideHelp())
    .option('--sync', 'pull before and push after a change')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 the ledger or a rule says no, 2 usage error, 3 git needs you, 130 interrupted.\nRun `crisp <command> --help` for a command\'s options.\nRules and where they come from: crisp help bun-protocol | pricing | pipeline | ledger | json',
    );
  program.exitOverride();
  // commander's refusals are written by crisp (main), in the shape of every other refusal.
  program.configureOutput({ outputError: () => undefined });
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const group = groupOf(argv);
  // `crisp help lead touch` is `crisp lead touch --help` (commander's own help command takes one word).
  if (isGroup(group) && firstWord(argv) === 'help') {
    const at = firstWordAt(argv);
    argv = [...argv.slice(0, at), ...argv.slice(at + 1), '--help'];
  }
  if (group && !isGroup(group) && firstWord(argv) === 'help') {
    // `crisp help <topic>`: the rule pages; `crisp help <command>` stays commander's.
    const { help, output } = await app();
    const { helpTopicOutput } = await help();
    const { writeOutput, writeError } = await output();
    try {
      writeOutput(helpTopicOutput(group, Object.keys(GROUPS)), { json: argv.includes('--json') });
      return 0;
    } catch (err) {
      return writeError(err, { json: argv.includes('--json') });
    }
  }
  // A command may start slow outside work (git's scan for validate) while its code loads.
  if (isGroup(group) && GROUPS[group].early) void app().then((a) => a.early()).then((m) => m.startEarly(group, argv));
  const everything = isGroup(group) && Boolean(GROUPS[group].needsAllGroups);
  for (const [name, g] of Object.entries(GROUPS)) {
    if (name === group || everything) (await (await app()).groups[name as GroupName]()).register(program);
    else program.command(name, { hidden: g.hidden }).description(g.summary).helpOption(false).allowUnknownOption().allowExcessArguments();
  }
  const { exitState } = isGroup(group) ? await (await app()).run() : { exitState: { code: 0 } };
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitState.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // `commander.help` with exit 1: a group named without a command (its help is on stderr already).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0)) return 0;
      const { output, errors } = await app();
      const { writeError } = await output();
      return writeError((await errors()).parserError(err, commandPath(program, argv)), { json: argv.includes('--json') });
    }
    const name = (err as Error)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') {
      process.stderr.write('interrupted: nothing was written\n');
      return 130;
    }
    const { writeError } = await (await app()).output();
    const json = argv.includes('--json');
    return writeError(err, { json });
  }
}

process.on('SIGINT', () => {
  process.stderr.write('\ninterrupted\n');
  process.exit(130);
});

// A reader that goes away (`crisp lead list | head`) is no error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
}

/** Wait until everything written to stdout and stderr is out: a pipe takes writes asynchronously. */
const flushed = () => Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => s.write('', () => done()))));

main(process.argv.slice(2)).then(
  async (code) => {
    await flushed();
    process.exit(code);
  },
  async (err) => {
    process.stderr.write(`error: ${String((err as Error)?.message ?? err)}\n`);
    await flushed();
    process.exit(1);
  },
);
