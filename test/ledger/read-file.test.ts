import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/ledger/codec.js';
import { readLedgerFile, type ReadOptions } from '../../src/ledger/store.js';
import { tempDir } from '../helpers/cli.js';

// Bulk reads go through one reused buffer and ask fstat only when a read looks odd; every way of
// reading must refuse the same files and give the same text.
describe('readLedgerFile', () => {
  const root = tempDir();
  mkdirSync(join(root, 'leads', 'folder.md'), { recursive: true });
  const record = '---\ntitle: A\n---\nbody\n';
  writeFileSync(join(root, 'leads', 'a.md'), record);
  writeFileSync(join(root, 'leads', 'empty.md'), '');
  writeFileSync(join(root, 'leads', 'max.md'), `---\nt: x\n---\n${'y'.repeat(MAX_FILE_BYTES - 13)}`);
  writeFileSync(join(root, 'leads', 'over.md'), 'z'.repeat(MAX_FILE_BYTES + 1));
  writeFileSync(join(root, 'leads', 'huge.md'), 'z'.repeat(3 * MAX_FILE_BYTES));
  writeFileSync(join(root, 'leads', 'nul.md'), '---\na: 1\n---\n\0');
  symlinkSync(join(root, 'leads', 'a.md'), join(root, 'leads', 'link.md'));
  execFileSync('mkfifo', [join(root, 'leads', 'fifo.md')]);

  const ways: ReadOptions[] = [{}, { head: true }, { gitClean: true }, { head: true, gitClean: true }];
  const code = (path: string, opts: ReadOptions) => readLedgerFile(root, path, opts).problem?.code;

  it('reads a record whole, or its frontmatter only with head; bytes only when the caller may keep them', () => {
    for (const opts of ways) {
      const r = readLedgerFile(root, 'leads/a.md', opts);
      expect(r.problem).toBeUndefined();
      expect(r.text).toBe(opts.head ? '---\ntitle: A\n---\n' : record);
      expect(r.bytes === undefined).toBe(Boolean(opts.head || opts.gitClean));
    }
    // Two reads in a row through the same buffer do not mix.
    const first = readLedgerFile(root, 'leads/a.md', { gitClean: true }).text;
    readLedgerFile(root, 'leads/max.md', { gitClean: true });
    expect(first).toBe(record);
  });

  it('refuses the same files every way, without hanging on a FIFO', () => {
    for (const opts of ways) {
      expect.soft(code('leads/empty.md', opts), JSON.stringify(opts)).toBeUndefined();
      expect.soft(readLedgerFile(root, 'leads/empty.md', opts).text).toBe('');
      expect.soft(code('leads/max.md', opts)).toBeUndefined();
      expect.soft(readLedgerFile(root, 'leads/max.md', opts).text?.length).toBe(opts.head ? 13 : MAX_FILE_BYTES);
      expect.soft(code('leads/over.md', opts)).toBe('file-too-large');
      expect.soft(code('leads/huge.md', opts)).toBe('file-too-large');
      expect.soft(code('leads/nul.md', opts)).toBe('binary-file');
      expect.soft(code('leads/folder.md', opts)).toBe('not-a-file');
      expect.soft(code('leads/fifo.md', opts)).toBe('not-a-file');
      expect.soft(code('leads/link.md', opts)).toBe('symlink');
    }
  });

  it('checks the folders on the path unless git has (gitClean)', () => {
    mkdirSync(join(root, 'real'));
    writeFileSync(join(root, 'real', 'b.md'), record);
    symlinkSync(join(root, 'real'), join(root, 'linked'));
    expect(code('linked/b.md', {})).toBe('symlink');
    expect(code('linked/b.md', { head: true })).toBe('symlink');
  });
});
