#!/usr/bin/env node
// The `chartdesk` command. It runs the compiled engine in dist/; `npm run setup` (or
// `npm run build`) makes it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'dist', 'electron', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('chartdesk: ChartDesk is not built yet. Run `npm run setup` (or `npm run build`) in ' + root + '\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
