import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { trustedClientAddress } from '../../src/server/client-address';

const request = (peer: string, forwardedFor?: string): http.IncomingMessage =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as http.IncomingMessage;

describe("the client's address used for sign-in limits", () => {
  it('is the connecting peer when there is no proxy, whatever X-Forwarded-For claims', () => {
    expect(trustedClientAddress(request('198.51.100.7', '203.0.113.9'), false)).toBe(
      '198.51.100.7',
    );
  });

  it('is the entry our proxy appended when behind one, not what the client wrote before it', () => {
    expect(trustedClientAddress(request('10.0.0.2', '203.0.113.9, 198.51.100.7'), true)).toBe(
      '198.51.100.7',
    );
  });

  it('falls back to the peer behind a proxy that sent no X-Forwarded-For', () => {
    expect(trustedClientAddress(request('10.0.0.2'), true)).toBe('10.0.0.2');
  });
});
