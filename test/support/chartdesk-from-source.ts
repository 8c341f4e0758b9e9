// Runs the `chartdesk` CLI from the TypeScript sources, so tests need no build step.
import { main } from '../../electron/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
