/**
 * An sRGB ICC profile (version 2.1, display class, matrix/TRC), built from the published
 * IEC 61966-2-1 numbers rather than shipped as a file: PDF/A needs one in its output intent,
 * no package we already depend on ships a v2 profile, and ~2.6 kB of arithmetic is easier to
 * audit than a binary blob. Version 2 because every PDF/A part and validator accepts it.
 */

/** sRGB primaries adapted to the D50 profile connection space (Bradford), as in IEC 61966-2-1 Annex. */
const RED_XYZ = [0.4360747, 0.2225045, 0.0139322] as const;
const GREEN_XYZ = [0.3850649, 0.7168786, 0.0971045] as const;
const BLUE_XYZ = [0.1430804, 0.0606169, 0.7141733] as const;
/** The medium white of an sRGB display, D65, as v2 display profiles record it. */
const D65_XYZ = [0.9504559, 1.0, 1.0890578] as const;
const D50_XYZ = [0.9642, 1.0, 0.8249] as const;
const CURVE_POINTS = 1024;

export const SRGB_OUTPUT_CONDITION = 'sRGB IEC61966-2.1';

let cached: Uint8Array | null = null;

export function srgbIccProfile(): Uint8Array {
  cached ??= buildProfile();
  return cached;
}

function buildProfile(): Uint8Array {
  const description = text('sRGB IEC61966-2.1 (ChartDesk)');
  const tags: Array<[string, Uint8Array]> = [
    ['desc', textDescription(description)],
    ['cprt', textType('No copyright, use freely')],
    ['wtpt', xyzType(D65_XYZ)],
    ['rXYZ', xyzType(RED_XYZ)],
    ['gXYZ', xyzType(GREEN_XYZ)],
    ['bXYZ', xyzType(BLUE_XYZ)],
    ['rTRC', srgbCurve()],
  ];
  // The three channels share one curve: tags may point at the same data.
  const shared: Array<[string, string]> = [
    ['gTRC', 'rTRC'],
    ['bTRC', 'rTRC'],
  ];

  const tableSize = 4 + 12 * (tags.length + shared.length);
  let offset = 128 + tableSize;
  const placed = new Map<string, { offset: number; size: number }>();
  for (const [sig, data] of tags) {
    placed.set(sig, { offset, size: data.length });
    offset = align4(offset + data.length);
  }
  const size = offset;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);

  view.setUint32(0, size);
  view.setUint32(8, 0x02100000); // version 2.1.0
  writeAscii(out, 12, 'mntr');
  writeAscii(out, 16, 'RGB ');
  writeAscii(out, 20, 'XYZ ');
  // Creation date: fixed, so that every PDF embeds the same bytes.
  [2026, 1, 1, 0, 0, 0].forEach((v, i) => view.setUint16(24 + i * 2, v));
  writeAscii(out, 36, 'acsp');
  view.setUint32(64, 0); // perceptual
  D50_XYZ.forEach((v, i) => view.setInt32(68 + i * 4, s15Fixed16(v)));

  view.setUint32(128, tags.length + shared.length);
  let entry = 132;
  const writeEntry = (sig: string, at: { offset: number; size: number }) => {
    writeAscii(out, entry, sig);
    view.setUint32(entry + 4, at.offset);
    view.setUint32(entry + 8, at.size);
    entry += 12;
  };
  for (const [sig, data] of tags) {
    const at = placed.get(sig) as { offset: number; size: number };
    writeEntry(sig, at);
    out.set(data, at.offset);
  }
  for (const [sig, target] of shared) writeEntry(sig, placed.get(target) as { offset: number; size: number });
  return out;
}

function srgbCurve(): Uint8Array {
  const out = new Uint8Array(12 + CURVE_POINTS * 2);
  const view = new DataView(out.buffer);
  writeAscii(out, 0, 'curv');
  view.setUint32(8, CURVE_POINTS);
  for (let i = 0; i < CURVE_POINTS; i++) {
    const v = i / (CURVE_POINTS - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    view.setUint16(12 + i * 2, Math.round(linear * 65535));
  }
  return out;
}

function xyzType(xyz: readonly [number, number, number]): Uint8Array {
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  writeAscii(out, 0, 'XYZ ');
  xyz.forEach((v, i) => view.setInt32(8 + i * 4, s15Fixed16(v)));
  return out;
}

function textType(value: string): Uint8Array {
  const ascii = text(value);
  const out = new Uint8Array(8 + ascii.length + 1);
  writeAscii(out, 0, 'text');
  out.set(ascii, 8);
  return out;
}

/** textDescriptionType (v2): ASCII with its NUL, then empty Unicode and ScriptCode parts. */
function textDescription(ascii: Uint8Array): Uint8Array {
  const count = ascii.length + 1;
  const out = new Uint8Array(12 + count + 8 + 3 + 67);
  const view = new DataView(out.buffer);
  writeAscii(out, 0, 'desc');
  view.setUint32(8, count);
  out.set(ascii, 12);
  return out;
}

function text(value: string): Uint8Array {
  return Uint8Array.from(value, (c) => c.charCodeAt(0) & 0x7f);
}

function writeAscii(out: Uint8Array, at: number, value: string): void {
  for (let i = 0; i < value.length; i++) out[at + i] = value.charCodeAt(i);
}

function s15Fixed16(value: number): number {
  return Math.round(value * 65536);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
