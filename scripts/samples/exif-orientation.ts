import type { Sharp } from 'sharp';

/** EXIF Orientation values (TIFF/EXIF tag 0x0112). */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/**
 * Turns upright pixels into what a camera or phone stores for a given Orientation tag, so that
 * a reader honouring the tag shows the page upright again and a reader ignoring it does not.
 * The tag names the transform a viewer must apply (6: "turn 90 degrees clockwise to view"),
 * so the stored pixels get its inverse (6: turned 90 degrees anticlockwise). Mirroring cases
 * (2, 4, 5, 7) are their own inverse.
 */
export function storeForOrientation(image: Sharp, orientation: ExifOrientation): Sharp {
  switch (orientation) {
    case 1:
      return image;
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    // sharp mirrors before it rotates, whatever the call order: flip then 90 clockwise is a
    // transpose, flop then 90 clockwise the transverse.
    case 5:
      return image.flip().rotate(90);
    case 6:
      return image.rotate(270);
    case 7:
      return image.flop().rotate(90);
    case 8:
      return image.rotate(90);
  }
}

/**
 * Sets the Orientation tag inside a JPEG's EXIF segment. sharp can only set it through
 * `withMetadata`, which also converts the image to sRGB and attaches an ICC profile, turning a
 * grayscale scan into a colour one; patching the one SHORT in place keeps everything else.
 */
export function patchJpegOrientation(jpeg: Buffer, orientation: ExifOrientation): Buffer {
  const out = Buffer.from(jpeg);
  let at = 2;
  while (at + 4 <= out.length && out[at] === 0xff) {
    const marker = out[at + 1];
    const length = out.readUInt16BE(at + 2);
    if (marker === 0xda) break; // start of scan: no metadata beyond this point
    if (marker === 0xe1 && out.toString('latin1', at + 4, at + 10) === 'Exif\0\0') {
      const tiff = at + 10;
      const little = out.toString('latin1', tiff, tiff + 2) === 'II';
      const u16 = (o: number) => (little ? out.readUInt16LE(o) : out.readUInt16BE(o));
      const u32 = (o: number) => (little ? out.readUInt32LE(o) : out.readUInt32BE(o));
      const ifd = tiff + u32(tiff + 4);
      const entries = u16(ifd);
      for (let i = 0; i < entries; i++) {
        const entry = ifd + 2 + i * 12;
        if (u16(entry) === 0x0112) {
          if (little) out.writeUInt16LE(orientation, entry + 8);
          else out.writeUInt16BE(orientation, entry + 8);
          return out;
        }
      }
    }
    at += 2 + length;
  }
  throw new Error('the JPEG has no EXIF Orientation tag to set (encode it with withDensity first)');
}
