import type { Element, Root } from 'hast';

/**
 * Wraps every table in a box that scrolls sideways on its own, so a wide table
 * never makes a phone's whole page scroll. The box is focusable and named, so
 * keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function rehypeScrollableTables() {
  return (tree: Root): void => {
    const visit = (node: Root | Element): void => {
      node.children.forEach((child, i) => {
        if (child.type !== 'element') return;
        if (child.tagName === 'table') {
          node.children[i] = {
            type: 'element',
            tagName: 'div',
            properties: {
              className: ['table-scroll'],
              tabIndex: 0,
              role: 'region',
              ariaLabel: 'Table (scrolls sideways)',
            },
            children: [child],
          };
          return;
        }
        visit(child);
      });
    };
    visit(tree);
  };
}
