import { encodeWinAnsi } from './win-ansi';
import type { StandardFont } from './helvetica-metrics';

/**
 * A minimal PDF 1.4 writer: one or more pages of text in the standard fonts
 * (which every reader has, so nothing is embedded), lines and filled
 * rectangles. The file is plain ASCII: text is WinAnsi, written with octal
 * escapes above 0x7E, and the cross-reference table holds the byte offset of
 * every object, so readers open it without repairing it.
 */
export interface PdfText {
  text: string;
  x: number;
  y: number;
  size: number;
  font: StandardFont;
  /** Grey level 0 (black) to 1 (white). */
  grey?: number;
}

export interface PdfPage {
  /** Points (1/72 in): A4 landscape is 842 × 595. */
  width: number;
  height: number;
  texts: PdfText[];
  /** Stroked rectangles: x, y (bottom left), width, height, line width. */
  frames?: Array<{ x: number; y: number; width: number; height: number; lineWidth: number }>;
  /** Horizontal rules: from (x1, y) to (x2, y). */
  rules?: Array<{ x1: number; x2: number; y: number; lineWidth: number }>;
}

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  createdAt: Date;
}

const FONT_RESOURCE: Record<StandardFont, string> = { Helvetica: 'F1', 'Helvetica-Bold': 'F2' };

/** A PDF literal string: (, ) and \ escaped, every byte outside printable ASCII in octal. */
export function pdfString(text: string): string {
  let out = '(';
  for (const byte of encodeWinAnsi(text)) {
    const ch = String.fromCharCode(byte);
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out})`;
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

function contentStream(page: PdfPage): string {
  const ops: string[] = [];
  for (const f of page.frames ?? [])
    ops.push(`${num(f.lineWidth)} w ${num(f.x)} ${num(f.y)} ${num(f.width)} ${num(f.height)} re S`);
  for (const r of page.rules ?? [])
    ops.push(`${num(r.lineWidth)} w ${num(r.x1)} ${num(r.y)} m ${num(r.x2)} ${num(r.y)} l S`);
  for (const t of page.texts) {
    ops.push(
      `BT /${FONT_RESOURCE[t.font]} ${num(t.size)} Tf ${num(t.grey ?? 0)} g ${num(t.x)} ${num(t.y)} Td ${pdfString(t.text)} Tj ET`,
    );
  }
  return ops.join('\n');
}

/** D:YYYYMMDDHHmmSSZ, the PDF date format, in UTC. */
function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** The whole file. Object numbers: 1 catalog, 2 page tree, 3–4 fonts, 5 info, then page and contents pairs. */
export function writePdf(pages: PdfPage[], info: PdfInfo): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 6 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] =
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  objects[5] = `<< /Title ${pdfString(info.title)} /Author ${pdfString(info.author)} /Subject ${pdfString(info.subject)} /Producer (Shipshape) /CreationDate (${pdfDate(info.createdAt)}) >>`;
  pages.forEach((page, i) => {
    const id = pageIds[i]!;
    const stream = contentStream(page);
    objects[id] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] ` +
      `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${id + 1} 0 R >>`;
    // The stream is ASCII, so its length in characters is its length in bytes.
    objects[id + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });

  // A binary-looking comment on line 2 tells transfer tools the file is not plain text.
  let file = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(file, 'latin1');
    file += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(file, 'latin1');
  // Each entry is exactly 20 bytes, its end of line included.
  file += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++)
    file += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  file += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(file, 'latin1');
}
