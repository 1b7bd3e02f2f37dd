import { describe, expect, it } from 'vitest';
import { hashToken, newSecretToken } from '../../src/auth/secret-token';

describe('a session id or reset token', () => {
  it('is 256 random bits, safe in a cookie and in a URL', () => {
    const tokens = new Set(Array.from({ length: 100 }, newSecretToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is stored as a hash that does not reveal it', () => {
    const token = newSecretToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
    expect(hashToken(newSecretToken())).not.toBe(hashToken(token));
  });
});
