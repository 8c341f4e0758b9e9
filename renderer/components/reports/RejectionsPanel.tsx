import type { ComponentProps } from 'react';
import type { ReportSummary, ReportTable } from '../../../shared/domain/reports.js';
import { percentText } from '../../lib/reports.js';
import { BarList } from '../charts/BarList.js';
import { CsvButton, ReportPanel } from './ReportPanel.js';

const REJECTED = '#ac2a1f';
const APPROVED = '#cfe3d6';

const ofDecisions = (rejected: number, decisions: number) => `${rejected} of ${decisions} ${decisions === 1 ? 'decision' : 'decisions'}`;

/** The review setting in force, stated on the report so a reader knows whether approvals had a second person. */
const fourEyesText = (selfApprovalAllowed: boolean) =>
  selfApprovalAllowed ? 'Setting now: administrators may approve documents they confirmed themselves.' : 'Setting now: four eyes (nobody approves a document they confirmed).';

/** QC rejections as a share of review decisions: by reason, and by the operator whose work was reviewed. */
export function RejectionsPanel({ report }: { report: ReportSummary }) {
  const r = report.rejections;
  return (
    <ReportPanel
      title="QC rejections"
      subtitle={`${r.decisions === 0 ? 'No review decisions in these days.' : `${percentText(r.rate)} of ${r.decisions} review ${r.decisions === 1 ? 'decision' : 'decisions'} sent a document back.`} ${fourEyesText(r.selfApprovalAllowed)}`}
      className="report-rejections"
    >
      {r.decisions === 0 ? (
        <p className="report-nothing">Rates appear once reviewers approve or reject documents (QC review, G R).</p>
      ) : (
        <div className="report-split">
          <RateBars
            heading="By reason"
            table="rejections-by-reason"
            title="Rejection rate by reason"
            description="Each reason's rejections as a share of all review decisions in these days."
            max={Math.max(...r.byReason.map((x) => x.rate ?? 0), 0.0001)}
            rows={r.byReason.map((x) => ({
              label: x.label,
              segments: [{ name: 'Rejected', value: x.rate ?? 0, colour: REJECTED }],
              valueText: x.rejected === 0 ? '0%' : `${percentText(x.rate)} · ${x.rejected}`,
              spoken: `${x.label}: ${percentText(x.rate)}, ${ofDecisions(x.rejected, r.decisions)}`,
            }))}
          />
          <RateBars
            heading="By operator"
            table="rejections-by-operator"
            title="Rejection rate by operator"
            description="For each operator, the share of the review decisions on their documents that were rejections."
            max={1}
            rows={r.byOperator.map((x) => ({
              label: x.operator,
              segments: [
                { name: 'Rejected', value: x.rate ?? 0, colour: REJECTED },
                { name: 'Approved', value: 1 - (x.rate ?? 0), colour: APPROVED },
              ],
              valueText: `${percentText(x.rate)} · ${x.rejected}/${x.decisions}`,
              spoken: `${x.operator}: ${percentText(x.rate)}, ${ofDecisions(x.rejected, x.decisions)}`,
            }))}
          />
        </div>
      )}
    </ReportPanel>
  );
}

/** One half of the panel: its heading with the CSV of its table, then the bars. */
function RateBars({ heading, table, ...bars }: { heading: string; table: ReportTable } & ComponentProps<typeof BarList>) {
  return (
    <div>
      <div className="report-subhead">
        <h3>{heading}</h3>
        <CsvButton table={table} />
      </div>
      <BarList {...bars} />
    </div>
  );
}
