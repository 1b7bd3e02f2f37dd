/** What the certificate page says when its claim form comes back with an error kind. */
const MESSAGES: Record<string, string> = {
  'invalid-certificate-name':
    'That name cannot be printed: type 1 to 80 characters, in Latin letters (accents such as é or ø are fine).',
  'certificate-not-eligible': 'Not every rule is met yet: the list above says what is left.',
  'not-signed-in': 'A certificate is issued to an account: create one or sign in first.',
  forbidden: 'That request came from another site and was refused.',
  'bad-request': 'That request was not understood. Fill in the form again.',
};

export function claimErrorMessage(kind: string | null): string | undefined {
  if (!kind) return undefined;
  return MESSAGES[kind] ?? 'Something went wrong. Try again.';
}
