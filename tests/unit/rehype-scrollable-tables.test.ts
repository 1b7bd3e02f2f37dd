import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { rehypeScrollableTables } from '../../src/markdown/rehype-scrollable-tables';

const table = (): Element => ({ type: 'element', tagName: 'table', properties: {}, children: [] });

describe('tables in lessons', () => {
  it('sit in a focusable, named box that scrolls on its own, wherever they are', () => {
    const top = table();
    const nested = table();
    const tree: Root = {
      type: 'root',
      children: [top, { type: 'element', tagName: 'section', properties: {}, children: [nested] }],
    };
    rehypeScrollableTables()(tree);
    const box = tree.children[0] as Element;
    expect(box).toMatchObject({
      tagName: 'div',
      properties: { className: ['table-scroll'], tabIndex: 0, role: 'region' },
      children: [top],
    });
    const section = tree.children[1] as Element;
    expect((section.children[0] as Element).children[0]).toBe(nested);
  });
});
