import { describe, expect, it } from 'vitest';
import { TONES, diagramIds } from '../../src/components/diagrams/diagram-ids';

describe('diagram ids', () => {
  it('differ between two renderings of the same diagram, so a page may show it twice', () => {
    const first = diagramIds('breaker-states');
    const second = diagramIds('breaker-states');
    const all = [first, second].flatMap((ids) => [ids.title, ids.desc, ...TONES.map(ids.arrow)]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('name the diagram they belong to, which keeps the built pages readable', () => {
    const ids = diagramIds('saga-compensation');
    expect(ids.title).toMatch(/^diagram-saga-compensation-\d+-title$/);
    expect(ids.arrow('bad')).toMatch(/^diagram-saga-compensation-\d+-arrow-bad$/);
  });
});
