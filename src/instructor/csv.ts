export type CsvCell = string | number | boolean | null | undefined;

/**
 * A spreadsheet runs a cell that starts with one of these as a formula
 * (OWASP "CSV injection"): a learner's name such as `=HYPERLINK(…)` must
 * arrive as text. Tab and carriage return start formulas in some programs too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as text: formulas neutralised with a leading apostrophe, quoted when RFC 4180 needs it. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Numbers are ours, never a learner's; a negative one stays a number.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV document (RFC 4180: CRLF line ends, a header row). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** The response that makes a browser save the CSV under `filename`. */
export function csvDownload(filename: string, body: string): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
