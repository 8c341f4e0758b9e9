import type { ReactNode, Ref, TableHTMLAttributes } from 'react';

/** A column heading: its words, or words only a screen reader says (`hidden`); `num` right-aligns it. */
export type Column = string | { label: string; num?: boolean; hidden?: boolean; className?: string };

/**
 * A table of rows with a heading per column, in the scrolling frame every list shares. `false`
 * in `columns` leaves a column out (one only some roles see).
 */
export function DataTable({
  columns,
  wrapClassName,
  bodyRef,
  children,
  ...table
}: {
  columns: readonly (Column | false)[];
  wrapClassName?: string;
  bodyRef?: Ref<HTMLTableSectionElement>;
  children: ReactNode;
  'aria-label': string;
} & TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className={wrapClassName ? `table-wrap ${wrapClassName}` : 'table-wrap'}>
      <table {...table}>
        <TableHead columns={columns} />
        <tbody ref={bodyRef}>{children}</tbody>
      </table>
    </div>
  );
}

/** The heading row of a table, for one outside the scrolling frame (in a dialog or a panel). */
export function TableHead({ columns }: { columns: readonly (Column | false)[] }) {
  return (
    <thead>
      <tr>{columns.map((column, i) => (column === false ? null : <ColumnHead key={i} column={column} />))}</tr>
    </thead>
  );
}

function ColumnHead({ column }: { column: Column }) {
  const c = typeof column === 'string' ? { label: column } : column;
  const className = [c.num ? 'num' : '', c.className ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <th scope="col" className={className}>
      {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label || null}
    </th>
  );
}
