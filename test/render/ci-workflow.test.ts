import { describe, expect, it } from 'vitest';
import { ciWorkflowText } from '../../src/render/ci-workflow.js';

describe('ciWorkflowText', () => {
  it('quotes the package spec and the working directory as YAML single-quoted scalars', () => {
    const t = ciWorkflowText({ packageSpec: "git+https://example.com/o'r.git", workingDirectory: "sales ledger's" });
    expect(t).toContain("CRISP_PACKAGE: 'git+https://example.com/o''r.git'");
    expect(t).toContain("working-directory: 'sales ledger''s'");
  });
});
