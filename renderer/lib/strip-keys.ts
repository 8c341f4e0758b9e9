/** The parts of the page strip's items (lib/recognition.ts StripItem) that name them. */
type NamedItem =
  | { kind: 'document'; document: { id: string }; continued: boolean; entries: readonly { page: { id: string } }[] }
  | { kind: 'aside'; page: { id: string } }
  | { kind: 'loose'; pages: readonly { id: string }[] };

/**
 * A key for each group of the page strip, also the id its heading carries. React keeps a group's
 * thumbnails only while its key stays, so a key must not change when recognition moves a page in
 * or out of the group. Loose groups are named by their place among loose groups, not by their
 * first page: while recognition sorts a box, the group of pages not sorted yet loses its first
 * page at every step, and a key that changed with it rebuilt the hundreds of thumbnails behind it.
 */
export function stripItemKeys(items: readonly NamedItem[]): string[] {
  let loose = 0;
  return items.map((item) => {
    switch (item.kind) {
      case 'document':
        return `doc-${item.document.id}${item.continued ? `-${item.entries[0]?.page.id ?? ''}` : ''}`;
      case 'aside':
        return `aside-${item.page.id}`;
      case 'loose':
        return `loose-${loose++}`;
    }
  });
}
