import { describe, expect, it } from 'vitest';
import { expectedOrigin, isSameOrigin } from '../../src/auth/same-origin';

describe('the same-origin check on requests that change something', () => {
  it('lets a request without an Origin header through (same-origin GETs, curl)', () => {
    expect(isSameOrigin(undefined, 'localhost:4321', undefined)).toBe(true);
    expect(isSameOrigin(null, 'localhost:4321', undefined)).toBe(true);
  });

  it('accepts the origin the Host header names', () => {
    expect(isSameOrigin('http://localhost:4321', 'localhost:4321', undefined)).toBe(true);
  });

  it('refuses a foreign origin', () => {
    expect(isSameOrigin('http://evil.example', 'localhost:4321', undefined)).toBe(false);
    expect(isSameOrigin('http://localhost:4322', 'localhost:4321', undefined)).toBe(false);
    expect(isSameOrigin('null', 'localhost:4321', undefined)).toBe(false);
  });

  it('behind a proxy, expects the public origin rather than the Host header', () => {
    const publicOrigin = 'https://labs.example.org';
    expect(expectedOrigin('127.0.0.1:4321', publicOrigin)).toBe(publicOrigin);
    expect(isSameOrigin(publicOrigin, '127.0.0.1:4321', publicOrigin)).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:4321', '127.0.0.1:4321', publicOrigin)).toBe(false);
  });

  it('without a public origin, expects http:// and the Host header', () => {
    expect(expectedOrigin('localhost:4321', undefined)).toBe('http://localhost:4321');
  });
});
