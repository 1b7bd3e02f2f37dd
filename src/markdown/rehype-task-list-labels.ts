import type { Element, ElementContent, Root } from 'hast';

const textOf = (nodes: ElementContent[]): string =>
  nodes
    .map((n) => (n.type === 'text' ? n.value : n.type === 'element' ? textOf(n.children) : ''))
    .join('');

/**
 * GitHub-style task lists (`- [ ] item`) render as bare checkboxes, which a
 * screen reader announces as "checkbox, not checked" with no name. Each box is
 * named after its item's text, so a checklist reads as one.
 */
export function rehypeTaskListLabels() {
  return (tree: Root): void => {
    const visit = (node: Root | Element): void => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        const classes = child.properties['className'];
        if (
          child.tagName === 'li' &&
          Array.isArray(classes) &&
          classes.includes('task-list-item')
        ) {
          const label = textOf(child.children).trim().replace(/\s+/g, ' ');
          labelCheckbox(child, label);
        }
        visit(child);
      }
    };
    visit(tree);
  };
}

function labelCheckbox(item: Element, label: string): void {
  for (const child of item.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'input' && child.properties['type'] === 'checkbox') {
      child.properties['ariaLabel'] = label;
      return;
    }
    // A loose list wraps each item's content in a paragraph.
    if (child.tagName === 'p') labelCheckbox(child, label);
  }
}
