/**
 * Structured logs without PHI. A log line is an event name plus fields; any field whose key
 * could carry patient data (file names, paths, names, MRNs, text) is redacted by construction,
 * so a careless call cannot leak it. Log ids and hash prefixes instead.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(module: string): Logger;
}

const phiKey = /name|path|file|mrn|patient|text|dob|birth|address|phone|detail|message|query/i;
const allowedKeys = new Set(['module', 'event', 'level', 'time', 'code', 'reason', 'batchId', 'pageId', 'sourceFileId']);

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = !allowedKeys.has(key) && phiKey.test(key) ? '[redacted]' : value;
  }
  return out;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  options: {
    module?: string;
    level?: LogLevel;
    write?: (line: string) => void;
    now?: () => Date;
  } = {},
): Logger {
  const min = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, event: string, fields: LogFields = {}) => {
    if (order[level] < min) return;
    write(JSON.stringify({ time: now().toISOString(), level, module: options.module ?? 'engine', event, ...redact(fields) }));
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    child: (module) => createLogger({ ...options, module }),
  };
}

/** For tests and the CLI's --json mode when nothing should be printed. */
export const silentLogger: Logger = createLogger({ write: () => undefined });
