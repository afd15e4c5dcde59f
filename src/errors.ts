/**
 * The one error type crisp raises on purpose. `cli.ts` is the only place that turns it into an exit.
 * Exit codes (DESIGN.md §4): 1 the ledger or a rule says no, 2 usage, 3 git needs the user, 130 interrupted.
 */
export type ExitCode = 1 | 2 | 3 | 130;

export class CrispError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  /** Extra lines shown under the message (e.g. candidates, validation problems). */
  readonly details: string[];

  constructor(code: string, message: string, opts: { hint?: string; exit?: ExitCode; details?: string[] } = {}) {
    super(message);
    this.name = 'CrispError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exit ?? 1;
    this.details = opts.details ?? [];
  }
}

export const usageError = (code: string, message: string, hint?: string) =>
  new CrispError(code, message, { hint, exit: 2 });

export const gitError = (code: string, message: string, hint?: string) =>
  new CrispError(code, message, { hint, exit: 3 });

/**
 * A refusal of the argument parser (commander's `error: unknown option '--x'`, with its "did you
 * mean"), as a usage error; `command` is the command line's command, `crisp lead list`.
 * `commander.help` is a group named without one of its commands.
 */
export function parserError(err: { code: string; message: string }, command: string): CrispError {
  if (err.code === 'commander.help') return usageError('missing-command', `\`${command}\` needs a command`, `\`${command} --help\` lists them`);
  const [first = '', ...rest] = err.message.replace(/^error: /, '').split('\n');
  const suggestion = /^\(Did you mean (.+)\?\)$/.exec(rest.join(' ').trim())?.[1];
  const code = err.code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return usageError(code, first, `${suggestion ? `did you mean ${suggestion}? ` : ''}see \`${command} --help\``);
}
