import { isDeepStrictEqual, inspect } from 'node:util';
import { CheckFailure } from './check-failure';

const show = (value: unknown): string =>
  inspect(value, { depth: 4, breakLength: Infinity, maxStringLength: 300 });

export interface Expectation {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeLessThan(limit: number): void;
  toBeGreaterThanOrEqual(limit: number): void;
  toContain(part: unknown): void;
  toMatch(pattern: RegExp): void;
}

/**
 * Assertions that fail with "expected X, got Y", naming what was looked at
 * when a label is given: expect(res.status, 'GET /health status').toBe(200).
 */
export function expect(actual: unknown, label?: string): Expectation {
  const fail = (wanted: string): never => {
    throw new CheckFailure(`${label ? `${label}: ` : ''}expected ${wanted}, got ${show(actual)}`);
  };
  return {
    toBe: (expected) => void (Object.is(actual, expected) || fail(show(expected))),
    toEqual: (expected) => void (isDeepStrictEqual(actual, expected) || fail(show(expected))),
    toBeLessThan: (limit) =>
      void ((typeof actual === 'number' && actual < limit) || fail(`less than ${limit}`)),
    toBeGreaterThanOrEqual: (limit) =>
      void ((typeof actual === 'number' && actual >= limit) || fail(`at least ${limit}`)),
    toContain: (part) => {
      const ok =
        (typeof actual === 'string' && typeof part === 'string' && actual.includes(part)) ||
        (Array.isArray(actual) && actual.some((item) => isDeepStrictEqual(item, part)));
      if (!ok) fail(`something containing ${show(part)}`);
    },
    toMatch: (pattern) =>
      void ((typeof actual === 'string' && pattern.test(actual)) || fail(`a match for ${pattern}`)),
  };
}
