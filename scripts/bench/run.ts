// `npm run bench`: speed and memory targets live here, not in timed tests. Prints what it
// measured on this machine; compare runs on the same machine only.
import { cpus, totalmem } from 'node:os';
import { documentTypeBench } from './document-type-bench.js';
import { auditBench } from './audit-bench.js';
import { encryptionBench } from './encryption-bench.js';
import { fastPathBench } from './fast-path-bench.js';
import { patientSearchBench } from './patient-search-bench.js';
import { pipelineBench } from './pipeline-bench.js';
import { recognitionBench } from './recognition-bench.js';
import { scrollBench } from './scroll-bench.js';
import { volumeBench } from './volume-bench.js';
import { yearBench } from './year-bench.js';

const suites: Record<string, () => Promise<void>> = {
  recognition: recognitionBench,
  patients: patientSearchBench,
  encryption: encryptionBench,
  doctypes: documentTypeBench,
  audit: auditBench,
  'fast-path': fastPathBench,
  pipeline: pipelineBench,
  scroll: scrollBench,
  year: yearBench,
  volume: volumeBench,
};
// Suite names; options such as `--documents 20000` are read by the suites themselves.
const wanted = process.argv.slice(2).filter((arg) => arg in suites);

process.stdout.write(`# ChartDesk benchmark\n${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
