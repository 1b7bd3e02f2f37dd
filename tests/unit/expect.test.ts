import { describe, expect as vitestExpect, it } from 'vitest';
import { CheckFailure } from '../../grader/sdk/check-failure';
import { expect } from '../../grader/sdk/expect';

/** The message of the CheckFailure `assertion` throws. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    vitestExpect(error).toBeInstanceOf(CheckFailure);
    return (error as CheckFailure).message;
  }
  throw new Error('expected the assertion to fail');
}

describe('a failing check assertion tells the learner what was expected and what came back', () => {
  it('for toBe', () => {
    vitestExpect(
      failureOf(() => expect(404, 'GET /health status').toBe(200)),
    ).toMatchInlineSnapshot(`"GET /health status: expected 200, got 404"`);
  });

  it('for toEqual', () => {
    vitestExpect(
      failureOf(() => expect({ status: 'down' }, 'GET /health body').toEqual({ status: 'ok' })),
    ).toMatchInlineSnapshot(
      `"GET /health body: expected { status: 'ok' }, got { status: 'down' }"`,
    );
  });

  it('for toContain', () => {
    vitestExpect(
      failureOf(() => expect('Hello', 'greeting').toContain('world')),
    ).toMatchInlineSnapshot(`"greeting: expected something containing 'world', got 'Hello'"`);
    vitestExpect(failureOf(() => expect([1, 2], 'ids').toContain(3))).toMatchInlineSnapshot(
      `"ids: expected something containing 3, got [ 1, 2 ]"`,
    );
  });

  it('for toMatch', () => {
    vitestExpect(failureOf(() => expect('v1', 'version').toMatch(/^v2\./))).toMatchInlineSnapshot(
      `"version: expected a match for /^v2\\./, got 'v1'"`,
    );
  });

  it('for toBeLessThan', () => {
    vitestExpect(
      failureOf(() => expect(950, 'latency ms').toBeLessThan(500)),
    ).toMatchInlineSnapshot(`"latency ms: expected less than 500, got 950"`);
  });

  it('without a label, with no leading label', () => {
    vitestExpect(failureOf(() => expect(undefined).toBe(1))).toMatchInlineSnapshot(
      `"expected 1, got undefined"`,
    );
  });

  it('for a value that is not a number, when a number was wanted', () => {
    vitestExpect(
      failureOf(() => expect('10', 'count').toBeGreaterThanOrEqual(5)),
    ).toMatchInlineSnapshot(`"count: expected at least 5, got '10'"`);
  });
});

describe('a passing check assertion', () => {
  it.each<[string, () => void]>([
    ['toBe', () => expect(200).toBe(200)],
    ['toEqual', () => expect({ status: 'ok', tags: ['a'] }).toEqual({ status: 'ok', tags: ['a'] })],
    ['toContain on text', () => expect('hello world').toContain('world')],
    ['toContain on a list', () => expect([{ id: 1 }, { id: 2 }]).toContain({ id: 2 })],
    ['toMatch', () => expect('v2.1').toMatch(/^v2\./)],
    ['toBeLessThan', () => expect(120).toBeLessThan(500)],
    ['toBeGreaterThanOrEqual', () => expect(5).toBeGreaterThanOrEqual(5)],
  ])('(%s) does not throw', (_, assertion) => {
    vitestExpect(assertion).not.toThrow();
  });
});
