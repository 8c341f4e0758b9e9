import type { ScanLimits } from './limits.js';
import { type RasterPage, colorModeOf, densityOf, sharp, sharpOptions, uprightSize } from './raster-page.js';
import { UnreadableScan } from './unreadable-scan.js';

/**
 * A single-page JPEG or PNG. The file's own bytes are kept as the master when they are already
 * upright, so a JPEG is never recompressed; EXIF orientation (phone snaps, some scanners) is
 * honoured by turning the pixels, which for a JPEG costs one high-quality re-encode.
 */
export async function decodePhoto(bytes: Buffer, format: 'jpeg' | 'png', limits: ScanLimits): Promise<RasterPage[]> {
  const meta = await sharp(bytes, sharpOptions(limits)).metadata();
  const { width, height } = uprightSize(meta);
  if (width * height > limits.maxPixelsPerPage) {
    throw new UnreadableScan('image-too-large', `the image claims ${width} x ${height} pixels`);
  }
  const upright = (meta.orientation ?? 1) === 1;
  const pixels = () => sharp(bytes, sharpOptions(limits));
  // Decode once now so a damaged image is caught at intake, not when someone opens the page.
  await pixels().raw().toBuffer();
  return [
    {
      sourcePageNumber: 1,
      width,
      height,
      ...densityOf(meta, limits),
      colorMode: colorModeOf(meta),
      pixels,
      ...(upright ? { originalMaster: { bytes, type: format === 'jpeg' ? 'image/jpeg' : 'image/png' } } : {}),
    },
  ];
}
