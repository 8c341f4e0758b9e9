import type { ZodError } from 'zod';

/**
 * A schema's refusal as one sentence per field, keyed by the field's path ("auth.token",
 * "index.columns"); "_" for the value as a whole. The engine answers with these and a form
 * checking with the same schema gets the same keys.
 */
export function fieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
