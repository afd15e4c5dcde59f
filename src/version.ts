/** The package version, read once from package.json (cheap: no other module is loaded). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function crispVersion(): string {
  return (cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version);
}
