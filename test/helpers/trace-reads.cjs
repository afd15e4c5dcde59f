// Loaded with `node --require`: prints every file of the bundle that bin/crisp.js reads (its
// loader compiles the bundle's scripts itself, so they pass no module hook), so a test can check
// that `crisp --help` loads no YAML, git or template code.
const fs = require('node:fs');
const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === 'string' && file.includes('/dist/bundle/')) process.stderr.write(`READ ${file}\n`);
  return read.call(this, file, ...rest);
};
