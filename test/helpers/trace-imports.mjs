// Loaded with `node --import`: prints every module URL the program resolves, so a test can check
// that `crisp --help` loads no YAML, git or template code.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }",
    ),
);
