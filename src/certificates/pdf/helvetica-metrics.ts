/**
 * Advance widths (1/1000 em) of the standard Helvetica and Helvetica-Bold for
 * ASCII 32–126, from Adobe's Core 14 AFM files: enough to centre a line,
 * which the PDF itself cannot do.
 */
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
  611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
  278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

export type StandardFont = 'Helvetica' | 'Helvetica-Bold';

/**
 * Width of a line in points. An accented letter is as wide as its base letter
 * (é as e), true of Helvetica's Latin-1 letters; other marks count as an average glyph.
 */
export function textWidth(text: string, font: StandardFont, size: number): number {
  const table = font === 'Helvetica' ? REGULAR : BOLD;
  let units = 0;
  for (const ch of text) {
    const base = ch.normalize('NFD').codePointAt(0)!;
    units += base >= 32 && base <= 126 ? table[base - 32]! : 556;
  }
  return (units * size) / 1000;
}
