/**
 * Where crisp's own files are (package.json, templates/, data/sample/, bin/): the package root,
 * found from this module's place, whether it runs from src/ (tests), dist/ (tsc) or dist/bundle/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root === undefined) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    root = dir;
  }
  return root;
}

/** A file or folder of the package, by its path from the package root. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
