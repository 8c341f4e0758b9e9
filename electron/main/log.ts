/**
 * Shell logging without PHI. Error messages can quote patient names or MRNs (from a file name, a
 * barcode, a SQL constraint), so only the error's class and code are logged, plus the first
 * frames of its stack, which are code locations.
 */
export const describeError = (error: unknown): string => {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const frames = (error.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 5)
      .map((line) => line.trim())
      .join(' | ');
    return `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}${frames ? ` ${frames}` : ''}`;
  }
  return typeof error;
};

export const logShell = (level: 'info' | 'warn' | 'error', message: string, error?: unknown): void => {
  const line = `[chartdesk:shell] ${message}${error === undefined ? '' : `: ${describeError(error)}`}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.info(line);
};
