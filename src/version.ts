/** The package version, read once from package.json (cheap: no other module is loaded). */
import { readFileSync } from 'node:fs';
import { packagePath } from './paths.js';

let cached: { name: string; version: string } | undefined;
const pkg = () => (cached ??= JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { name: string; version: string });

export function crispVersion(): string {
  return pkg().version;
}

/** The npm package name, for install specs (the CI workflow `crisp init` writes). */
export function crispPackageName(): string {
  return pkg().name;
}
