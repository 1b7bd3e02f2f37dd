import { longDate, type CertificatePayload } from './certificate-payload';
import { textWidth, type StandardFont } from './pdf/helvetica-metrics';
import { writePdf, type PdfText } from './pdf/pdf-document';

/** A4 landscape, in points. */
const WIDTH = 842;
const HEIGHT = 595;
const MARGIN = 72;

/** A line centred on the page, made smaller when it would not fit between the margins. */
function centred(text: string, y: number, size: number, font: StandardFont, grey = 0): PdfText {
  const fitted = Math.min(size, (size * (WIDTH - 2 * MARGIN)) / textWidth(text, font, size));
  const width = textWidth(text, font, fitted);
  return { text, x: (WIDTH - width) / 2, y, size: fitted, font, grey };
}

/**
 * The certificate as a one-page PDF, drawn from the signed payload only, so
 * the paper says exactly what /verify/<id> confirms.
 */
export function certificatePdf(
  payload: CertificatePayload,
  verifyUrl: string,
  keyFingerprint: string,
): Buffer {
  const texts: PdfText[] = [
    centred('SHIPSHAPE', 505, 12, 'Helvetica-Bold', 0.35),
    centred('Certificate of Completion', 455, 30, 'Helvetica-Bold'),
    centred('This certifies that', 410, 13, 'Helvetica', 0.25),
    centred(payload.name, 365, 28, 'Helvetica-Bold'),
    centred('has completed the course', 320, 13, 'Helvetica', 0.25),
    centred(payload.course, 290, 18, 'Helvetica-Bold'),
  ];
  if (payload.labs.length > 0) {
    texts.push(
      centred(
        payload.labs.length === 1 ? 'and passed the hands-on lab' : 'and passed the hands-on labs',
        255,
        12,
        'Helvetica',
        0.25,
      ),
    );
    payload.labs.forEach((lab, i) => texts.push(centred(lab.title, 235 - i * 17, 12, 'Helvetica')));
  }
  const footer = 95;
  texts.push(
    { text: `Issued ${longDate(payload.date)}`, x: MARGIN, y: footer, size: 11, font: 'Helvetica' },
    {
      text: `Verification id: ${payload.id}`,
      x: MARGIN,
      y: footer - 16,
      size: 11,
      font: 'Helvetica-Bold',
    },
    { text: `Check it at ${verifyUrl}`, x: MARGIN, y: footer - 32, size: 10, font: 'Helvetica' },
    {
      text: `Signed with the platform's Ed25519 key ${keyFingerprint} (certificate rules ${payload.rulesVersion})`,
      x: MARGIN,
      y: footer - 46,
      size: 7.5,
      font: 'Helvetica',
      grey: 0.35,
    },
  );
  return writePdf(
    [
      {
        width: WIDTH,
        height: HEIGHT,
        texts,
        frames: [
          { x: 24, y: 24, width: WIDTH - 48, height: HEIGHT - 48, lineWidth: 2 },
          { x: 32, y: 32, width: WIDTH - 64, height: HEIGHT - 64, lineWidth: 0.5 },
        ],
        rules: [{ x1: WIDTH / 2 - 200, x2: WIDTH / 2 + 200, y: 352, lineWidth: 0.75 }],
      },
    ],
    {
      title: `Certificate ${payload.id}: ${payload.course}`,
      author: 'Shipshape',
      subject: `${payload.name}, ${payload.course}`,
      createdAt: new Date(`${payload.date}T00:00:00Z`),
    },
  );
}
