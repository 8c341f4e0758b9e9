import { parseCoverSheetPayload } from './cover-sheet-payload.js';
import { mrnFromBarcode } from '../../../shared/domain/separation-rules.js';
import type { SeparationRules } from '../../../shared/domain/separation-rules.js';

export type PageRole = 'content' | 'separator' | 'cover' | 'blank';

/** What separation needs to know of a page, in batch order. */
export interface PageFacts {
  pageId: string;
  /** 'pending' pages stop the split: nothing after them is decided yet. */
  status: 'pending' | 'done' | 'failed';
  blank: boolean;
  barcodes: { format: string; text: string }[];
}

export interface SplitDocument {
  origin: 'file' | 'separator' | 'cover';
  pageIds: string[];
  mrn: string | null;
  mrnSource: 'cover-sheet' | 'patient-label' | null;
  docTypeCode: string | null;
  dateOfService: string | null;
  encounter: string | null;
  /** False for the last document while later pages are still being read. */
  complete: boolean;
}

export interface BatchSplit {
  roles: Map<string, PageRole>;
  documents: SplitDocument[];
  /** Pages not yet decided (recognition still running). */
  undecided: number;
}

function roleOf(page: PageFacts, rules: SeparationRules): { role: PageRole; cover?: ReturnType<typeof parseCoverSheetPayload> } {
  // A page that failed recognition is treated as content: a page is never dropped for our failure.
  if (page.status === 'failed') return { role: 'content' };
  const separators = new Set(rules.separatorValues.map((v) => v.trim().toUpperCase()));
  if (page.barcodes.some((b) => separators.has(b.text.trim().toUpperCase()))) return { role: 'separator' };
  for (const barcode of page.barcodes) {
    if (!(rules.coverSheetFormats as readonly string[]).includes(barcode.format)) continue;
    const cover = parseCoverSheetPayload(barcode.text);
    if (cover) return { role: 'cover', cover };
  }
  // Barcodes are checked first: a separator sheet is mostly white but is not a blank back.
  if (page.blank) return { role: 'blank' };
  return { role: 'content' };
}

/**
 * Splits a batch into documents, the way hospital capture stations do: separator sheets end a
 * document, cover sheets start one and carry its index values, blank backs are set aside,
 * and a patient label's MRN names the patient when no cover sheet did. Without any marks the
 * whole file is one document. Pure: the same facts always give the same split.
 */
export function separateBatch(pages: PageFacts[], rules: SeparationRules): BatchSplit {
  const roles = new Map<string, PageRole>();
  const documents: SplitDocument[] = [];
  let current: SplitDocument | null = null;
  let nextOrigin: SplitDocument['origin'] = 'file';
  let pendingCover: ReturnType<typeof parseCoverSheetPayload> = null;

  const close = () => {
    if (current && current.pageIds.length > 0) documents.push(current);
    current = null;
  };

  let decided = 0;
  for (const page of pages) {
    if (page.status === 'pending') break;
    decided++;
    const { role, cover } = roleOf(page, rules);
    roles.set(page.pageId, role);
    if (role === 'separator') {
      close();
      nextOrigin = 'separator';
      pendingCover = null;
    } else if (role === 'cover') {
      close();
      nextOrigin = 'cover';
      pendingCover = cover ?? null;
    } else if (role === 'content') {
      if (!current) {
        current = {
          origin: nextOrigin,
          pageIds: [],
          mrn: pendingCover?.mrn ?? null,
          mrnSource: pendingCover ? 'cover-sheet' : null,
          docTypeCode: pendingCover?.docType ?? null,
          dateOfService: pendingCover?.dateOfService ?? null,
          encounter: pendingCover?.encounter ?? null,
          complete: true,
        };
        pendingCover = null;
      }
      const doc: SplitDocument = current;
      doc.pageIds.push(page.pageId);
      if (!doc.mrn) {
        for (const barcode of page.barcodes) {
          const mrn = mrnFromBarcode(barcode.text, rules.mrnPattern);
          if (mrn) {
            doc.mrn = mrn;
            doc.mrnSource = 'patient-label';
            break;
          }
        }
      }
    }
  }
  const undecided = pages.length - decided;
  const open: SplitDocument | null = current;
  if (open && undecided > 0) (open as SplitDocument).complete = false;
  close();
  return { roles, documents, undecided };
}
