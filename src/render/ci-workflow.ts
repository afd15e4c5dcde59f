/**
 * The GitHub Actions workflow `crisp init` writes (DESIGN.md §6 "Proposal lifecycle"): on every pull
 * request it installs crisp at the version that wrote it, validates the changed files and posts
 * `crisp diff` as a comment with the workflow's own token. Text from the pull request (branch names,
 * titles) reaches the scripts only through environment variables, always double-quoted, never through
 * `${{ }}` inside a `run:` script, so it can never become shell code.
 */
export const CI_WORKFLOW_PATH = '.github/workflows/crisp.yml';

/** A YAML single-quoted scalar: the only escape is '' for '. */
const yamlQuoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function ciWorkflowText(opts: { packageSpec: string; workingDirectory?: string }): string {
  const dir = opts.workingDirectory && opts.workingDirectory !== '.' ? opts.workingDirectory : undefined;
  return [
    '# Written by `crisp init`. On every pull request: validate the changed ledger files and post',
    '# `crisp diff` (records added/removed, fields old → new, stage moves, pricing in hours and money).',
    '# Pull-request text reaches the scripts only as quoted environment variables.',
    'name: crisp',
    'on:',
    '  pull_request:',
    '    types: [opened, synchronize, reopened]',
    'permissions:',
    '  contents: read',
    '  pull-requests: write',
    'jobs:',
    '  ledger:',
    '    runs-on: ubuntu-latest',
    ...(dir ? ['    defaults:', '      run:', `        working-directory: ${yamlQuoted(dir)}`] : []),
    '    env:',
    `      CRISP_PACKAGE: ${yamlQuoted(opts.packageSpec)}   # ci.install in crisp.yaml; a git URL or tarball works too`,
    '      BASE_REF: ${{ github.base_ref }}',
    '      PR_NUMBER: ${{ github.event.pull_request.number }}',
    '      GH_TOKEN: ${{ github.token }}',
    '      NO_COLOR: "1"',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depth: 0',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    '      - name: Install crisp',
    '        run: npm install --global "$CRISP_PACKAGE"',
    '      - name: Validate the changed files',
    '        run: crisp validate --changed-since "origin/$BASE_REF"',
    '      - name: Explain the change',
    '        if: always()',
    '        run: crisp diff "origin/$BASE_REF..HEAD" > "$RUNNER_TEMP/crisp-diff.md"',
    '      - name: Comment on the pull request',
    '        if: always()',
    '        continue-on-error: true   # pull requests from forks get a read-only token',
    '        run: gh pr comment "$PR_NUMBER" --body-file "$RUNNER_TEMP/crisp-diff.md"',
    '',
  ].join('\n');
}
