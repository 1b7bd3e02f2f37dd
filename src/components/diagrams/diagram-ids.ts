/** The colour roles a diagram element can take; Figure.astro maps each to a theme colour. */
export type Tone = 'neutral' | 'ok' | 'bad' | 'accent';

export const TONES: readonly Tone[] = ['neutral', 'ok', 'bad', 'accent'];

/** The ids one rendered diagram needs: its title and description, and an arrowhead per tone. */
export interface DiagramIds {
  title: string;
  desc: string;
  arrow(tone: Tone): string;
}

let rendered = 0;

/**
 * Fresh ids for one rendering of a diagram. The `<svg>` finds its title,
 * description and arrowheads by id, and ids must be unique on a page even if a
 * lesson shows the same diagram twice, so every rendering gets its own number.
 */
export function diagramIds(name: string): DiagramIds {
  rendered += 1;
  const prefix = `diagram-${name}-${rendered}`;
  return {
    title: `${prefix}-title`,
    desc: `${prefix}-desc`,
    arrow: (tone) => `${prefix}-arrow-${tone}`,
  };
}
