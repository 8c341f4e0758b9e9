import { patientSearchBench } from '/work/main/scripts/bench/patient-search-bench.js';
await patientSearchBench();
