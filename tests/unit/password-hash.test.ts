import { describe, expect, it } from 'vitest';
import {
  SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../../src/auth/password-hash';

describe('a stored password', () => {
  it('is checked against the password it was made from, and nothing else', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('never contains the password, and differs for the same password (a random salt per user)', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toContain('correct');
    expect(a).not.toBe(b);
  });

  it('carries its scrypt parameters, so they can be raised without breaking old passwords', async () => {
    const stored = await hashPassword('correct horse battery');
    const { N, r, p } = SCRYPT_PARAMS;
    expect(stored.startsWith(`scrypt$${N}$${r}$${p}$`)).toBe(true);
    expect(needsRehash(stored)).toBe(false);

    const weaker = stored.replace(`scrypt$${N}$`, `scrypt$${N / 2}$`);
    expect(needsRehash(weaker)).toBe(true);
  });

  it('is checked with the parameters stored beside it', async () => {
    // A hash made with today's parameters but stored under a lower N no longer matches:
    // the parameters really take part in the check.
    const stored = await hashPassword('correct horse battery');
    const [, N, r, p, salt, key] = stored.split('$');
    expect(
      await verifyPassword('correct horse battery', ['scrypt', N, r, p, salt, key].join('$')),
    ).toBe(true);
    expect(
      await verifyPassword(
        'correct horse battery',
        ['scrypt', Number(N) / 2, r, p, salt, key].join('$'),
      ),
    ).toBe(false);
  });

  it('refuses any password against a malformed hash', async () => {
    for (const stored of ['', 'plain-text', 'scrypt$x$8$1$c2FsdA$a2V5', 'bcrypt$10$abc'])
      expect(await verifyPassword('anything at all', stored)).toBe(false);
  });
});
