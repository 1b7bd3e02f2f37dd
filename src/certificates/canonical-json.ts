/**
 * JSON with object keys sorted at every depth and no white space: one value
 * has exactly one text, so a signature over the text is a signature over the
 * value, whoever serialises it (the JSON endpoint hands out the same bytes).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
