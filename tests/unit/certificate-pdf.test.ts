import { describe, expect, it } from 'vitest';
import type { CertificatePayload } from '../../src/certificates/certificate-payload';
import { certificatePdf } from '../../src/certificates/certificate-pdf';
import { textWidth } from '../../src/certificates/pdf/helvetica-metrics';
import { pdfString } from '../../src/certificates/pdf/pdf-document';

const payload: CertificatePayload = {
  id: 'Ab3_x-Yz09KLmnOP',
  name: 'Zoë (Zed) O’Brien',
  course: 'Building Scalable Microservices with Python and Docker',
  date: '2026-11-29',
  labs: [
    { id: 'hello-service', title: 'Hello, service: add a health endpoint' },
    { id: 'saga', title: 'An order saga \\ with compensation' },
  ],
  rulesVersion: 'rules-0123456789ab',
};
const pdf = certificatePdf(payload, 'https://course.example/verify/Ab3_x-Yz09KLmnOP', 'ab12 cd34');
const text = pdf.toString('latin1');

/** The strings a reader would draw: every `(…) Tj`, escapes undone, WinAnsi decoded. */
function drawnStrings(file: string): string[] {
  const winAnsi: Record<number, string> = { 0x92: '’' };
  return [...file.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) =>
    m[1]!
      .replace(/\\([0-7]{3})/g, (_, octal: string) => {
        const code = parseInt(octal, 8);
        return winAnsi[code] ?? String.fromCharCode(code);
      })
      .replace(/\\(.)/g, '$1'),
  );
}

describe('the certificate PDF', () => {
  it('is a PDF 1.4 file whose cross-reference table points at every object', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!;
    expect(Number(first)).toBe(0);
    const entries = text
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + Number(count));
    expect(entries[0]).toBe('0000000000 65535 f ');
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset).startsWith(`${i + 1} 0 obj\n`), `object ${i + 1}`).toBe(true);
    });
    expect(text).toMatch(new RegExp(`trailer\\n<< /Size ${count} /Root 1 0 R /Info 5 0 R >>`));
  });

  it('gives each content stream its exact length, uses only the standard fonts, and stays ASCII after the header', () => {
    for (const m of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
      const start = m.index + m[0].length;
      expect(text.slice(start + Number(m[1]), start + Number(m[1]) + 10)).toBe('\nendstream');
    }
    expect([...text.matchAll(/\/BaseFont \/([\w-]+)/g)].map((m) => m[1])).toEqual([
      'Helvetica',
      'Helvetica-Bold',
    ]);
    expect(text).not.toContain('/FontFile');
    const afterHeader = text.slice(text.indexOf('\n', 9) + 1);
    expect(/^[\x20-\x7e\n]*$/.test(afterHeader)).toBe(true);
  });

  it('prints the name, course, date, labs passed, verification id and where to check it', () => {
    const drawn = drawnStrings(text);
    expect(drawn).toEqual(
      expect.arrayContaining([
        'Certificate of Completion',
        'Zoë (Zed) O’Brien',
        'Building Scalable Microservices with Python and Docker',
        'and passed the hands-on labs',
        'Hello, service: add a health endpoint',
        'An order saga \\ with compensation',
        'Issued 29 November 2026',
        'Verification id: Ab3_x-Yz09KLmnOP',
        'Check it at https://course.example/verify/Ab3_x-Yz09KLmnOP',
      ]),
    );
    expect(drawn.some((s) => s.includes('ab12 cd34') && s.includes('rules-0123456789ab'))).toBe(
      true,
    );
  });

  it('centres the name on the A4 landscape page', () => {
    const m = /\/F2 (\d+(?:\.\d+)?) Tf 0 g ([\d.]+) 365 Td \(Zo/.exec(text)!;
    const size = Number(m[1]);
    const x = Number(m[2]);
    const width = textWidth(payload.name, 'Helvetica-Bold', size);
    expect(x + width / 2).toBeCloseTo(842 / 2, 0);
  });

  it('shrinks a line too long for the page rather than running off it', () => {
    const long = certificatePdf({ ...payload, name: 'W'.repeat(80) }, 'http://x/verify/a', 'ab');
    const m = /\/F2 ([\d.]+) Tf 0 g ([\d.]+) 365 Td \(W+\)/.exec(long.toString('latin1'))!;
    expect(Number(m[2])).toBeGreaterThanOrEqual(72 - 0.01);
    expect(Number(m[1])).toBeLessThan(28);
  });
});

describe('PDF strings', () => {
  it('escapes parentheses and backslashes and writes other bytes in octal WinAnsi', () => {
    expect(pdfString('a(b)\\c é – €')).toBe('(a\\(b\\)\\\\c \\351 \\226 \\200)');
    expect(pdfString('中')).toBe('(?)');
  });

  it('measures text with Helvetica’s own widths', () => {
    // H 722, e 556, l 222, l 222, o 556 thousandths of an em, at 10 pt.
    expect(textWidth('Hello', 'Helvetica', 10)).toBeCloseTo(22.78);
    expect(textWidth('é', 'Helvetica', 10)).toBe(textWidth('e', 'Helvetica', 10));
  });
});
