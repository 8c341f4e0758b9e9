import { z } from 'zod';
import type { AuditLog } from './audit-log.js';

export const ANCHOR_FORMAT = 'chartdesk-audit-anchor/1';

/**
 * The head of a station's audit chain, as it leaves the station: in every delivery and in the
 * anchor files. Someone who can rewrite the station's database cannot reach these copies, so a
 * trail shorter than an anchor, or differing from it at the anchor's entry, is found out.
 * No patient data: a station name, numbers and a MAC.
 */
export const AuditAnchor = z.object({
  format: z.literal(ANCHOR_FORMAT),
  /** The station's name when the anchor was taken (for people; the chain id is what matches). */
  station: z.string().max(200).nullable(),
  /** chainIdOf(chain key): which station's chain this is. */
  chain: z.string().regex(/^[0-9a-f]{16}$/),
  /** The first keyed entry of that chain. */
  keyedFrom: z.number().int().min(1),
  /** The newest entry when the anchor was taken (0: the trail was empty). */
  seq: z.number().int().min(0),
  /** That entry's hash: its MAC under the chain key from keying on. */
  mac: z.string().regex(/^[0-9a-f]{64}$/),
  /** That entry's time, for people. */
  at: z.string().max(40).nullable(),
});
export type AuditAnchor = z.infer<typeof AuditAnchor>;

/** The chain's head now. */
export function anchorOf(audit: AuditLog, station: string | null): AuditAnchor {
  const head = audit.head();
  return { format: ANCHOR_FORMAT, station, chain: audit.chainId, keyedFrom: audit.chainStart()?.keyedFrom ?? 1, seq: head.seq, mac: head.hash, at: head.at };
}

/*
 * The one-line form, for places that hold a word rather than an object: a column of a delimited
 * index file, the code of a FHIR meta.tag. Letters, digits and dashes only, so no delimiter or
 * quote setting needs to escape it.
 */
const TOKEN = /\bcda1-([0-9a-f]{16})-(\d{1,15})-(\d{1,15})-([0-9a-f]{64})\b/g;

export const anchorToken = (a: AuditAnchor) => `cda1-${a.chain}-${a.keyedFrom}-${a.seq}-${a.mac}`;

/** Every anchor written in a text: anchor objects in JSON (a file of its own or an index file's `auditAnchor`), and tokens anywhere. */
export function anchorsInText(text: string): AuditAnchor[] {
  const found: AuditAnchor[] = [];
  for (const m of text.matchAll(TOKEN)) {
    found.push({ format: ANCHOR_FORMAT, station: null, chain: m[1]!, keyedFrom: Number(m[2]), seq: Number(m[3]), mac: m[4]!, at: null });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return found;
  }
  for (const candidate of [json, (json as { auditAnchor?: unknown } | null)?.auditAnchor]) {
    const parsed = AuditAnchor.safeParse(candidate);
    if (parsed.success) found.push(parsed.data);
  }
  return found;
}

export type AnchorComparison = { ok: true; sentence: string } | { ok: false; problem: 'other-chain' | 'keying-differs' | 'shorter' | 'differs'; sentence: string };

/**
 * Compares the trail with an anchor taken earlier. The chain itself is checked by verify(); an
 * anchor adds what the chain cannot know: how long it was, and what its entry then said.
 */
export function compareWithAnchor(audit: AuditLog, anchor: AuditAnchor, source: string): AnchorComparison {
  const when = anchor.at ? ` (entry ${anchor.seq}, ${anchor.at})` : ` (entry ${anchor.seq})`;
  if (anchor.chain !== audit.chainId) {
    return { ok: false, problem: 'other-chain', sentence: `The anchor in ${source} belongs to another station's audit trail (chain ${anchor.chain}; this station's is ${audit.chainId}).` };
  }
  const keyedFrom = audit.chainStart()?.keyedFrom ?? null;
  if (keyedFrom !== anchor.keyedFrom) {
    return {
      ok: false,
      problem: 'keying-differs',
      sentence: `The anchor in ${source} says keying started at entry ${anchor.keyedFrom}, but this trail says ${keyedFrom ?? 'nowhere'}: the start of keying was moved.`,
    };
  }
  const head = audit.head();
  if (head.seq < anchor.seq) {
    return {
      ok: false,
      problem: 'shorter',
      sentence: `The audit trail ends at entry ${head.seq}, but the anchor in ${source}${when} shows it reached entry ${anchor.seq}: entries ${head.seq + 1} to ${anchor.seq} were removed.`,
    };
  }
  if (audit.hashAt(anchor.seq) !== anchor.mac) {
    return {
      ok: false,
      problem: 'differs',
      sentence: `Audit entry ${anchor.seq} differs from the anchor in ${source}${when}: the trail was rewritten at or before that entry.`,
    };
  }
  return { ok: true, sentence: `The trail matches the anchor in ${source}${when}.` };
}
