#!/usr/bin/env node
// The bundle (dist/bundle/, built by scripts/bundle.mjs after tsc) starts faster; dist/cli.js is
// the same program as tsc wrote it.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/bundle/cli.js', import.meta.url);
await import(existsSync(bundled) ? bundled.href : '../dist/cli.js');
