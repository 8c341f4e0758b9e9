import type { ReactElement } from 'react';

const paths: Record<string, ReactElement> = {
  batches: (
    <>
      <rect x="4" y="3" width="12" height="15" rx="1.5" />
      <path d="M8 21h10.5A1.5 1.5 0 0 0 20 19.5V7" />
    </>
  ),
  intake: (
    <>
      <path d="M4 14v4.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V14" />
      <path d="M12 4v11M7.5 10.5 12 15l4.5-4.5" />
    </>
  ),
  quarantine: (
    <>
      <path d="M12 3 3.5 19.5h17L12 3Z" />
      <path d="M12 10v4.5M12 17.3v.2" />
    </>
  ),
  settings: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.8v2.4M12 18.8v2.4M21.2 12h-2.4M5.2 12H2.8M18.5 5.5l-1.7 1.7M7.2 16.8l-1.7 1.7M18.5 18.5l-1.7-1.7M7.2 7.2 5.5 5.5" />
    </>
  ),
  delivery: (
    <>
      <path d="M20.5 3.5 3.5 10.2l6.8 2.9 2.9 6.8 7.3-16.4Z" />
      <path d="m10.3 13.1 4.6-4.6" />
    </>
  ),
  review: (
    <>
      <path d="M9 4.5H6.5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2v-12a2 2 0 0 0-2-2H15" />
      <rect x="9" y="3" width="6" height="3" rx="1" />
      <path d="m8.5 13 2.5 2.5 4.5-5" />
    </>
  ),
  reports: (
    <>
      <path d="M4 20.5h16" />
      <path d="M6.5 17V11M11 17V6.5M15.5 17v-8M20 17v-4.5" />
    </>
  ),
  download: (
    <>
      <path d="M12 4v11M7.5 10.5 12 15l4.5-4.5" />
      <path d="M5 19.5h14" />
    </>
  ),
  pause: <path d="M9 5.5v13M15 5.5v13" />,
  back: <path d="M15 5 8 12l7 7" />,
  prev: <path d="M6 15l6-6 6 6" />,
  next: <path d="M6 9l6 6 6-6" />,
  zoomIn: (
    <>
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="M15.5 15.5 20 20M10.5 7.5v6M7.5 10.5h6" />
    </>
  ),
  zoomOut: (
    <>
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="M15.5 15.5 20 20M7.5 10.5h6" />
    </>
  ),
  fitWidth: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="1.5" />
      <path d="M7 12h10M7 12l2.5-2.5M7 12l2.5 2.5M17 12l-2.5-2.5M17 12l-2.5 2.5" />
    </>
  ),
  fitPage: (
    <>
      <rect x="6" y="3" width="12" height="18" rx="1.5" />
      <path d="M12 7v10M12 7 9.5 9.5M12 7l2.5 2.5M12 17l-2.5-2.5M12 17l2.5-2.5" />
    </>
  ),
  folder: <path d="M3.5 6.5A1.5 1.5 0 0 1 5 5h4.3l2 2.2H19a1.5 1.5 0 0 1 1.5 1.5v9.8A1.5 1.5 0 0 1 19 20H5a1.5 1.5 0 0 1-1.5-1.5v-12Z" />,
  signOut: (
    <>
      <path d="M14 4H5.5A1.5 1.5 0 0 0 4 5.5v13A1.5 1.5 0 0 0 5.5 20H14" />
      <path d="M10 12h10M16.5 8.5 20 12l-3.5 3.5" />
    </>
  ),
  keyboard: (
    <>
      <rect x="2.5" y="6" width="19" height="12" rx="1.5" />
      <path d="M6 10h.01M9.5 10h.01M13 10h.01M16.5 10h.01M7.5 14h9" />
    </>
  ),
  close: <path d="M6 6l12 12M18 6 6 18" />,
  lock: (
    <>
      <rect x="5" y="10.5" width="14" height="10" rx="1.5" />
      <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
    </>
  ),
  prevDoc: <path d="M6 5h12M7 17l5-5 5 5" />,
  nextDoc: <path d="M6 19h12M7 7l5 5 5-5" />,
  barcode: <path d="M4 6v12M7 6v12M10.5 6v12M13 6v12M16.5 6v12M20 6v12" />,
  text: <path d="M5 6.5h14M5 10.5h14M5 14.5h14M5 18.5h9" />,
  rotateCw: (
    <>
      <path d="M19 12a7 7 0 1 1-2.05-4.95" />
      <path d="M19.5 4v4.5H15" />
    </>
  ),
  rotateCcw: (
    <>
      <path d="M5 12a7 7 0 1 0 2.05-4.95" />
      <path d="M4.5 4v4.5H9" />
    </>
  ),
  undo: (
    <>
      <path d="M9 14 4.5 9.5 9 5" />
      <path d="M4.5 9.5H15a4.5 4.5 0 0 1 0 9h-3" />
    </>
  ),
  check: <path d="m5 12.5 4.5 4.5L19 7.5" />,
  trash: (
    <>
      <path d="M4.5 7h15M10 4h4M6.5 7l.8 12a1.5 1.5 0 0 0 1.5 1.4h6.4a1.5 1.5 0 0 0 1.5-1.4l.8-12" />
      <path d="M10 11v6M14 11v6" />
    </>
  ),
  split: <path d="M4 12h16M8 8V4h8v4M8 16v4h8v-4" />,
  merge: <path d="M8 4v5l4 3 4-3V4M12 12v8M8 20h8" />,
  index: (
    <>
      <path d="M5 4.5h10l4 4v11a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1v-14a1 1 0 0 1 1-1Z" />
      <path d="M8 11h8M8 14.5h8M8 18h5" />
    </>
  ),
  restore: (
    <>
      <path d="M4.5 12a7.5 7.5 0 1 0 2.2-5.3" />
      <path d="M4 4v4h4" />
    </>
  ),
};

export type IconName = keyof typeof paths;

/** Line icons drawn inline (no icon font, nothing fetched). Decorative: the control carries the name. */
export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  );
}
