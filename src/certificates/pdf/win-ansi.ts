/**
 * WinAnsiEncoding, the encoding the standard PDF fonts are used with: Latin-1
 * (U+0020–U+007E, U+00A0–U+00FF) byte for byte, plus the typographic marks
 * Windows-1252 puts at 0x80–0x9F.
 */
const EXTRA: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** The WinAnsi byte of one character, or undefined when the standard fonts cannot show it. */
export function winAnsiByte(ch: string): number | undefined {
  const code = ch.codePointAt(0)!;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
  return Object.hasOwn(EXTRA, ch) ? EXTRA[ch] : undefined;
}

/** Text as WinAnsi bytes; a character the fonts lack becomes "?". */
export function encodeWinAnsi(text: string): number[] {
  return [...text].map((ch) => winAnsiByte(ch) ?? 0x3f);
}
