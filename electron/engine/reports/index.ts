export { type BoxDetail, type ReportSources, departmentReport } from './department-report.js';
export { reportCsv } from './report-csv.js';
