/**
 * Electronegativity exits 0 whatever it finds, so the verdict is ours: read its SARIF, match each
 * finding against a waiver that gives a reason, and fail on anything left. Pure functions of
 * text, so the rules are unit-tested without running the scanner.
 *
 * Waivers:
 * - next to the code, on the finding's line or in the comment block right above it:
 *     // electronegativity-waive: CHECK_ID — why this finding does not apply
 * - in scripts/security/electronegativity-waivers.json, for findings that have no source line
 *   (global checks such as CSP_GLOBAL_CHECK) or sit in a file that cannot hold a comment
 *   (package.json): { "check": "CHECK_ID", "file": "package.json", "reason": "..." }, where
 *   an entry without "file" covers only findings without a location.
 * Electronegativity's own `eng-disable` comments are refused: they hide a finding without a reason.
 */

export interface Finding {
  check: string;
  message: string;
  level: string;
  /** Path relative to the scanned root, or null for a finding about the whole app. */
  file: string | null;
  line: number | null;
}

export interface Waiver {
  check: string;
  reason: string;
  /** Where the waiver is written: "path:line" for a comment, the list file otherwise. */
  source: string;
}

export interface ListedWaiver {
  check: string;
  file?: string;
  reason: string;
}

export interface Verdict {
  waived: Array<{ finding: Finding; waiver: Waiver }>;
  unwaived: Finding[];
  /** Waivers that matched nothing: harmless, but stale; reported so they get removed. */
  unused: Waiver[];
  /** Malformed waivers and forbidden eng-disable comments; each fails the run. */
  problems: string[];
}

/** A reason shorter than this is not a reason ("ok", "n/a", "fine"). */
export const MIN_REASON_LENGTH = 15;

const WAIVE_MARK = 'electronegativity-waive';
const waiverPattern = /electronegativity-waive:\s*([A-Z0-9_]+)\s*(?:—|--)\s*(.*)$/;
/** The end of a block, JSX or HTML comment is not part of the reason. */
const commentCloser = /\s*(?:\*\/\s*\}?|-->)\s*$/;
const engDisablePattern = /(?:\/\/|\/\*|<!--)\s*eng-disable\b/;

interface SarifLog {
  runs?: Array<{
    results?: Array<{
      ruleId?: string;
      level?: string;
      message?: { text?: string };
      locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>;
    }>;
  }>;
}

/**
 * Every result of every run. Electronegativity writes `file:///` for findings without a file
 * (global checks), and line 1 where it knew none; both become null here.
 */
export function findingsFromSarif(sarifText: string): Finding[] {
  const log = JSON.parse(sarifText) as SarifLog;
  if (!Array.isArray(log.runs)) throw new Error('not a SARIF log: no "runs" array');
  return log.runs.flatMap((run) =>
    (run.results ?? []).map((result) => {
      const location = result.locations?.[0]?.physicalLocation;
      const uri = location?.artifactLocation?.uri ?? '';
      const file = uri === '' || uri === 'file:///' || uri === 'N/A' ? null : uri.replace(/^file:\/\/\/?/, '').replaceAll('\\', '/');
      return {
        check: result.ruleId ?? 'UNKNOWN',
        message: result.message?.text ?? '',
        level: result.level ?? 'warning',
        file,
        line: file === null ? null : (location?.region?.startLine ?? null),
      };
    }),
  );
}

const isCommentLine = (line: string) => /^\s*(\/\/|\/\*|\*|\{\s*\/\*|<!--)/.test(line);

/**
 * The waiver comments that apply to `line` (1-based) of a file: on that line, or in the
 * unbroken run of comment lines directly above it.
 */
export function inlineWaiversFor(sourceText: string, file: string, line: number): { waivers: Waiver[]; problems: string[] } {
  const lines = sourceText.split(/\r?\n/);
  const candidates: number[] = [line];
  for (let index = line - 1; index >= 1 && isCommentLine(lines[index - 1] ?? ''); index--) candidates.push(index);
  const waivers: Waiver[] = [];
  const problems: string[] = [];
  for (const number of candidates) {
    const text = lines[number - 1] ?? '';
    if (!text.includes(WAIVE_MARK)) continue;
    const parsed = parseWaiverComment(text);
    const source = `${file}:${number}`;
    if ('problem' in parsed) problems.push(`${source}: ${parsed.problem}`);
    else waivers.push({ ...parsed, source });
  }
  return { waivers, problems };
}

export function parseWaiverComment(text: string): { check: string; reason: string } | { problem: string } {
  const match = waiverPattern.exec(text);
  if (!match) return { problem: `a waiver must read "${WAIVE_MARK}: CHECK_ID — reason"` };
  const [, check, rawReason] = match as unknown as [string, string, string];
  const reason = rawReason.replace(commentCloser, '').trim();
  if (reason.length < MIN_REASON_LENGTH) return { problem: `the waiver of ${check} needs a reason (at least ${MIN_REASON_LENGTH} characters)` };
  return { check, reason };
}

/** Every waiver comment in a file, to report the ones that no finding used. */
export function allInlineWaivers(sourceText: string, file: string): Waiver[] {
  return sourceText.split(/\r?\n/).flatMap((text, index) => {
    if (!text.includes(WAIVE_MARK)) return [];
    const parsed = parseWaiverComment(text);
    return 'problem' in parsed ? [] : [{ ...parsed, source: `${file}:${index + 1}` }];
  });
}

/** Lines with Electronegativity's own reason-less suppression comment. */
export function engDisableComments(sourceText: string, file: string): string[] {
  return sourceText
    .split(/\r?\n/)
    .flatMap((text, index) => (engDisablePattern.test(text) ? [`${file}:${index + 1}: "eng-disable" hides a finding without a reason; use "${WAIVE_MARK}: CHECK_ID — reason"`] : []));
}

export function parseWaiverList(jsonText: string, source: string): { waivers: Array<ListedWaiver & { source: string }>; problems: string[] } {
  const parsed = JSON.parse(jsonText) as { waivers?: unknown };
  if (!Array.isArray(parsed.waivers)) return { waivers: [], problems: [`${source}: expected { "waivers": [...] }`] };
  const waivers: Array<ListedWaiver & { source: string }> = [];
  const problems: string[] = [];
  parsed.waivers.forEach((entry: unknown, index) => {
    const where = `${source} entry ${index + 1}`;
    const { check, file, reason } = (entry ?? {}) as Record<string, unknown>;
    if (typeof check !== 'string' || !/^[A-Z0-9_]+$/.test(check)) problems.push(`${where}: "check" must be a check id such as CSP_GLOBAL_CHECK`);
    else if (file !== undefined && typeof file !== 'string') problems.push(`${where}: "file" must be a path relative to the repository`);
    else if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) problems.push(`${where}: the waiver of ${check} needs a reason (at least ${MIN_REASON_LENGTH} characters)`);
    else waivers.push({ check, ...(typeof file === 'string' ? { file } : {}), reason: reason.trim(), source: where });
  });
  return { waivers, problems };
}

export interface JudgeInput {
  findings: readonly Finding[];
  /** Source text by the finding's file path; a file missing here cannot carry a waiver. */
  sources: ReadonlyMap<string, string>;
  listed: ReadonlyArray<ListedWaiver & { source: string }>;
  /** Problems found before judging (malformed list entries, eng-disable comments). */
  problems?: readonly string[];
}

export function judge({ findings, sources, listed, problems: earlier = [] }: JudgeInput): Verdict {
  const waived: Verdict['waived'] = [];
  const unwaived: Finding[] = [];
  const problems = [...earlier];
  const used = new Set<string>();

  for (const finding of findings) {
    let waiver: Waiver | undefined;
    const source = finding.file === null ? undefined : sources.get(finding.file);
    if (source !== undefined && finding.line !== null) {
      const inline = inlineWaiversFor(source, finding.file!, finding.line);
      for (const problem of inline.problems) if (!problems.includes(problem)) problems.push(problem);
      waiver = inline.waivers.find((w) => w.check === finding.check);
    }
    if (!waiver) {
      const entry = listed.find((w) => w.check === finding.check && (w.file === undefined ? finding.file === null : w.file === finding.file));
      if (entry) waiver = { check: entry.check, reason: entry.reason, source: entry.source };
    }
    if (waiver) {
      used.add(`${waiver.source}|${waiver.check}`);
      waived.push({ finding, waiver });
    } else {
      unwaived.push(finding);
    }
  }

  const declared: Waiver[] = [...[...sources].flatMap(([file, text]) => allInlineWaivers(text, file)), ...listed.map((entry) => ({ check: entry.check, reason: entry.reason, source: entry.source }))];
  const unused = declared.filter((w) => !used.has(`${w.source}|${w.check}`));
  return { waived, unwaived, unused, problems };
}

/** The run fails on any finding without a waiver and on any malformed or forbidden waiver. */
export const passes = (verdict: Verdict): boolean => verdict.unwaived.length === 0 && verdict.problems.length === 0;

export const describeFinding = (finding: Finding): string =>
  `${finding.check} at ${finding.file === null ? '(whole app)' : `${finding.file}${finding.line === null ? '' : `:${finding.line}`}`}: ${finding.message}`;
