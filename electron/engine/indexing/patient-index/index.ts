/** The patient index (MPI) on the workstation: import, search, and matching a document to a patient. */
export { PatientIndex, type StoredPatient } from './patient-index.js';
export { type ImportFormat, type ImportOptions, PatientImportError, detectImportFormat, importFhirBundle, importPatientFile, importPatientsCsv } from './import-patients.js';
export { FhirBundleError } from './fhir-patients.js';
export { type SearchOptions, searchPatients } from './patient-search.js';
export { type ParsedQuery, parseQuery } from './search-query.js';
export { matchPatient } from './match-patient.js';
export { type FoundBirthDate, type FoundMrn, type FoundName, findBirthDates, findMrns, findNames, nameText, repairOcrDigits } from './ocr-identifiers.js';
