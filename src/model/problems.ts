/** One thing wrong with a ledger file, as `validate` prints it: `path:line: code: message` + hint. */
export interface Problem {
  path: string;
  line: number;
  code: string;
  message: string;
  hint: string;
  severity: 'error' | 'warning';
}

export const problem = (
  severity: Problem['severity'],
  path: string,
  line: number,
  code: string,
  message: string,
  hint: string,
): Problem => ({ path, line, code, message, hint, severity });
