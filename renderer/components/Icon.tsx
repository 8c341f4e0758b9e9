import paths from './icon-paths.json';

// icon-paths.json: each icon's strokes as SVG path data on a 24-pixel grid, one path per stroke.
// Rectangles and circles are written as paths there, so one element draws every icon.

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
      {paths[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
