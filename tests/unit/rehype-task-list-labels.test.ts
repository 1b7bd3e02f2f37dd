import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { rehypeTaskListLabels } from '../../src/markdown/rehype-task-list-labels';

const checkbox = (): Element => ({
  type: 'element',
  tagName: 'input',
  properties: { type: 'checkbox', disabled: true },
  children: [],
});

describe('task-list checkboxes', () => {
  it('are named after their item, in tight and loose lists', () => {
    const tight = checkbox();
    const loose = checkbox();
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'ul',
          properties: { className: ['contains-task-list'] },
          children: [
            {
              type: 'element',
              tagName: 'li',
              properties: { className: ['task-list-item'] },
              children: [
                tight,
                { type: 'text', value: ' Logs are ' },
                {
                  type: 'element',
                  tagName: 'code',
                  properties: {},
                  children: [{ type: 'text', value: 'JSON' }],
                },
              ],
            },
            {
              type: 'element',
              tagName: 'li',
              properties: { className: ['task-list-item'] },
              children: [
                {
                  type: 'element',
                  tagName: 'p',
                  properties: {},
                  children: [loose, { type: 'text', value: ' Alerts\n  page someone' }],
                },
              ],
            },
          ],
        },
      ],
    };
    rehypeTaskListLabels()(tree);
    expect(tight.properties['ariaLabel']).toBe('Logs are JSON');
    expect(loose.properties['ariaLabel']).toBe('Alerts page someone');
  });

  it('leaves other checkboxes alone', () => {
    const other = checkbox();
    rehypeTaskListLabels()({
      type: 'root',
      children: [{ type: 'element', tagName: 'li', properties: {}, children: [other] }],
    });
    expect(other.properties['ariaLabel']).toBeUndefined();
  });
});
