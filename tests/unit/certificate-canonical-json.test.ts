import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/certificates/canonical-json';

describe('canonical JSON, the text a certificate signature covers', () => {
  it('writes one value one way: keys sorted at every depth, no white space', () => {
    const a = { name: 'Ada', labs: [{ title: 'T', id: 'x' }], id: 'q' };
    const b = { id: 'q', labs: [{ id: 'x', title: 'T' }], name: 'Ada' };
    expect(canonicalJson(a)).toBe('{"id":"q","labs":[{"id":"x","title":"T"}],"name":"Ada"}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order, which is part of what is certified', () => {
    expect(canonicalJson({ labs: ['b', 'a'] })).toBe('{"labs":["b","a"]}');
  });

  it('reads back to the same value', () => {
    const value = { name: 'Zoë “Zed” O’Brien', n: 0.8, ok: true, none: null };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});
