import { useRef, useState, type RefObject } from 'react';
import type { QcFinding } from '../../../shared/domain/indexing.js';
import { blockingFindings, nextOpenDocument } from '../../lib/indexing.js';
import { type Notice, useIndexing } from '../../stores/indexing.js';
import { REOPEN_DELIVERED } from './ConfirmGate.js';
import { isToDo } from './Findings.js';
import type { DocumentPosition } from './use-document-position.js';

/** Why a change to the document shown is refused: the clerk's role may not make it, or the document is confirmed. */
interface Refusal {
  role: Notice;
  confirmed: Notice;
}

const refusals = {
  edit: {
    role: { tone: 'info', text: 'You can look at this document; only a records clerk or an administrator can change it.' },
    confirmed: { tone: 'info', text: 'This document is confirmed. Press E to reopen it before changing it.' },
  },
  confirm: {
    role: { tone: 'warning', text: 'Only a records clerk or an administrator can confirm documents.' },
    confirmed: { tone: 'info', text: 'Already confirmed. ] goes to the next document; E reopens this one.' },
  },
} satisfies Record<string, Refusal>;

/**
 * What a clerk does to the document shown: go to its fields, accept, confirm, reopen, ask for an
 * override or a rescan. Each says why when it cannot be done, rather than doing nothing.
 */
export function useDocumentActions(position: DocumentPosition, access: { canEdit: boolean; canOverride: boolean }, focusScreen: () => void) {
  const { canEdit, canOverride } = access;
  const { batchId, detail, documents, document, docIndex, currentPage, goToDocument } = position;
  const store = useIndexing.getState;
  const indexing = useIndexing((s) => s.indexing);
  const busy = useIndexing((s) => s.busy);

  const [overriding, setOverriding] = useState<QcFinding | null>(null);
  const [requesting, setRequesting] = useState<QcFinding | null>(null);
  const [rescanning, setRescanning] = useState(false);
  /** The batch whose last document the clerk has just confirmed: the next batch is offered with the focus on it. */
  const [finished, setFinished] = useState<string | null>(null);
  const patientRef = useRef<HTMLInputElement>(null);
  const typeRef = useRef<HTMLInputElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);

  const current = indexing && indexing.documentId === position.documentId ? indexing : null;
  const confirmed = current?.status === 'confirmed';
  const blocking = current ? blockingFindings(current) : [];

  /** Whether the clerk may change the document now; when not, the notice says why. */
  const mayChange = (why: Refusal) => {
    const refusal = !canEdit ? why.role : confirmed ? why.confirmed : null;
    if (refusal) store().say(refusal);
    return !refusal;
  };

  const focusField = (ref: RefObject<HTMLInputElement | null>) => {
    if (!mayChange(refusals.edit)) return;
    ref.current?.closest('section')?.scrollIntoView({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  };

  const acceptSuggestions = () => {
    if (!canEdit || confirmed) focusField(patientRef);
    else void store().acceptSuggestions();
  };

  const confirm = async () => {
    if (!current || !detail || busy) return;
    if (!mayChange(refusals.confirm)) return;
    if (!current.canConfirm) {
      const first = blocking.find((f) => !isToDo(f)) ?? blocking[0];
      // The finding itself is shown right above Confirm; the notice says what to do about it.
      store().say({
        tone: 'danger',
        text:
          first && isToDo(first)
            ? `Cannot confirm yet: ${first.message}`
            : `Cannot confirm yet: fix the blocking finding${canOverride ? ', or override it with a reason (O)' : ', or ask a reviewer to override it (O)'}.`,
      });
      return;
    }
    const n = docIndex + 1;
    if (!(await store().confirm())) return;
    const next = nextOpenDocument(detail, current.documentId);
    if (next) {
      store().say({ tone: 'success', text: `Document ${n} confirmed. Now document ${documents.indexOf(next) + 1}.` });
      goToDocument(next);
      focusScreen();
    } else {
      store().say({ tone: 'success', text: `Document ${n} confirmed, the last one of this batch.` });
      focusScreen();
      setFinished(batchId);
    }
  };

  const reopen = () => {
    if (!confirmed || !canEdit) return;
    if (document?.delivery?.state === 'delivered') store().say({ tone: 'info', text: REOPEN_DELIVERED });
    else void store().reopen();
  };

  const openOverride = () => {
    if (!current) return;
    // Missing patient or type is never overridden: a document is not filed without them.
    const finding = blocking.find((f) => !isToDo(f)) ?? blocking.find((f) => f.code === 'missing-date-of-service');
    if (!finding) {
      store().say({ tone: 'info', text: 'No blocking finding to override.' });
      return;
    }
    if (!canOverride) {
      if (canEdit) setRequesting(finding);
      else store().say({ tone: 'warning', text: 'Only an administrator or a reviewer can override a finding. Fix it, or ask a reviewer.' });
      return;
    }
    setOverriding(finding);
  };

  /** X: the next scan replaces the page shown, or adds pages after it. */
  const openRescan = () => {
    if (!current || !currentPage || (!canEdit && !canOverride)) return;
    if (confirmed) store().say({ tone: 'info', text: 'This document is confirmed. Reopen it (E) before replacing pages.' });
    else setRescanning(true);
  };

  return {
    current,
    refs: { patient: patientRef, type: typeRef, date: dateRef },
    focusPatient: () => focusField(patientRef),
    focusType: () => focusField(typeRef),
    focusDate: () => focusField(dateRef),
    acceptSuggestions,
    confirm,
    reopen,
    openOverride,
    openRescan,
    finished,
    dialogs: {
      overriding,
      requesting,
      rescanning,
      override: setOverriding,
      closeOverride: () => setOverriding(null),
      closeRequest: () => setRequesting(null),
      closeRescan: () => setRescanning(false),
    },
  };
}

export type DocumentActions = ReturnType<typeof useDocumentActions>;
