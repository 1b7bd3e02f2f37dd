import { PlatformError } from '../platform-error';
import { winAnsiByte } from './pdf/win-ansi';

export const NAME_MAX_LENGTH = 80;

/**
 * The name to print, as the learner typed it with spaces tidied. The PDF is
 * set in the standard Helvetica, which has Latin letters with their accents
 * (WinAnsi) and nothing else: a name it cannot print is refused here, with
 * the reason, rather than printed wrong.
 */
export function certificateName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  if (name.length === 0 || name.length > NAME_MAX_LENGTH) {
    throw new PlatformError(
      'invalid-certificate-name',
      `Type the name to print on the certificate (1 to ${NAME_MAX_LENGTH} characters).`,
      { action: 'Write your name as it should appear on the certificate.' },
    );
  }
  const unprintable = [...name].filter((ch) => winAnsiByte(ch) === undefined || ch < ' ');
  if (unprintable.length > 0) {
    throw new PlatformError(
      'invalid-certificate-name',
      `The certificate's font cannot print ${[...new Set(unprintable)].join(' ')}: it has Latin letters, with accents, only.`,
      { action: 'Write your name in Latin letters (accents such as é, ø or ß are fine).' },
    );
  }
  return name;
}
