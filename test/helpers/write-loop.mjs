// Rewrites one file forever with crisp's atomic write, alternating two versions; the crash test
// kills this process at random moments. Usage: node write-loop.mjs <file> <old text file> <new text file>
import { readFileSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../../dist/ledger/files.js';

const [file, oldFile, newFile] = process.argv.slice(2);
const versions = [readFileSync(oldFile, 'utf8'), readFileSync(newFile, 'utf8')];
writeFileSync(`${file}.ready`, '');
for (let i = 0; ; i++) writeFileAtomic(file, versions[i % 2]);
