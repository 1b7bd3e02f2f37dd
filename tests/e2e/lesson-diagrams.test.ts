import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { LESSON_DIAGRAMS } from '../support/lesson-diagrams';
import { startTestServer, type TestServer } from '../support/test-server';

interface Measured {
  title: string;
  /** Lowest contrast of a label against the shape drawn behind it (or the page). */
  textContrast: number;
  lowestText: string;
  /** Lowest contrast of a line, arrowhead or outline against the page. */
  lineContrast: number;
  /** The smallest label as drawn on screen, in CSS pixels. */
  smallestTextPx: number;
  /** Labels that stick out of the picture (and would be cut off). */
  outside: string[];
  /** How far the figure reaches past the right edge of the window, in CSS pixels. */
  overflowPx: number;
}

/**
 * Runs in the page: measures every diagram as the reader sees it. axe-core
 * cannot judge SVG text (it reports it as "incomplete"), so contrast is worked
 * out here from the colours the browser computed, with WCAG's formula.
 */
function measureDiagrams(): Measured[] {
  const channels = (colour: string) =>
    colour
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number);
  const luminance = (colour: string) => {
    const [r, g, b] = channels(colour).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };
  const transparent = (colour: string) => colour === 'none' || /^rgba\(.*,\s*0\)$/.test(colour);
  return [...document.querySelectorAll<HTMLElement>('figure.diagram')].map((figure) => {
    const svg = figure.querySelector('svg')!;
    let holder: Element | null = figure;
    let page = 'rgb(255, 255, 255)';
    for (; holder; holder = holder.parentElement) {
      const background = getComputedStyle(holder).backgroundColor;
      if (!transparent(background)) {
        page = background;
        break;
      }
    }
    const filled = [...svg.querySelectorAll<SVGGraphicsElement>('rect, path')].filter(
      (shape) => !shape.closest('defs') && !transparent(getComputedStyle(shape).fill),
    );
    const box = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / box.width;
    const result: Measured = {
      title: svg.querySelector('title')!.textContent!,
      textContrast: Infinity,
      lowestText: '',
      lineContrast: Infinity,
      smallestTextPx: Infinity,
      outside: [],
      overflowPx: Math.max(
        0,
        ...[figure, svg].map((part) => part.getBoundingClientRect().right - window.innerWidth),
      ),
    };
    for (const text of svg.querySelectorAll('text')) {
      const b = text.getBBox();
      const [cx, cy] = [b.x + b.width / 2, b.y + b.height / 2];
      const behind = filled
        .filter((shape) => shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)
        .filter((shape) => {
          const s = shape.getBBox();
          return cx >= s.x && cx <= s.x + s.width && cy >= s.y && cy <= s.y + s.height;
        })
        .pop();
      const backdrop = behind ? getComputedStyle(behind).fill : page;
      const ratio = contrast(getComputedStyle(text).fill, backdrop);
      if (ratio < result.textContrast) {
        result.textContrast = ratio;
        result.lowestText = text.textContent!;
      }
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      result.smallestTextPx = Math.min(result.smallestTextPx, size);
      if (b.x < 0 || b.y < 0 || b.x + b.width > box.width || b.y + b.height > box.height)
        result.outside.push(text.textContent!);
    }
    for (const line of svg.querySelectorAll('.edge, .box, .region')) {
      result.lineContrast = Math.min(
        result.lineContrast,
        contrast(getComputedStyle(line).stroke, page),
      );
    }
    for (const head of svg.querySelectorAll('.arrowhead')) {
      result.lineContrast = Math.min(
        result.lineContrast,
        contrast(getComputedStyle(head).fill, page),
      );
    }
    return result;
  });
}

describe('the lesson diagrams in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  async function measure(
    lesson: string,
    options: { colorScheme?: 'light' | 'dark'; width?: number } = {},
  ) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: options.width ?? 1280, height: 800 });
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
    const response = await page.goto(`${server.url}/lessons/${lesson}`);
    expect(response?.status(), lesson).toBe(200);
    const measured = await page.evaluate(measureDiagrams);
    await page.close();
    return measured;
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`keep labels at AA contrast (4.5:1) and lines at 3:1 in the ${colorScheme} scheme`, async () => {
      for (const { lesson, title } of LESSON_DIAGRAMS) {
        const [diagram, ...others] = await measure(lesson, { colorScheme });
        expect(others, lesson).toEqual([]);
        expect(diagram!.title).toBe(title);
        expect(diagram!.textContrast, `${lesson}: "${diagram!.lowestText}"`).toBeGreaterThanOrEqual(
          4.5,
        );
        expect(diagram!.lineContrast, lesson).toBeGreaterThanOrEqual(3);
      }
    });
  }

  it('reach a screen reader as one image, named by its title and described in words', async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    for (const { lesson, title, describes } of LESSON_DIAGRAMS) {
      await page.goto(`${server.url}/lessons/${lesson}`);
      expect(await page.getByRole('img', { name: title, exact: true }).count(), lesson).toBe(1);
      // What Chromium hands to assistive technology, from its accessibility tree.
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeId } = await cdp.send('DOM.querySelector', {
        nodeId: root.nodeId,
        selector: 'figure.diagram svg',
      });
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
        nodeId,
        fetchRelatives: false,
      });
      const description = String(nodes[0]?.description?.value ?? '');
      expect(description, lesson).toContain(describes[0]);
    }
    await cdp.detach();
    await page.close();
  });

  it('fit a 360 px phone: nothing sticks out, and the smallest label is still 10 px', async () => {
    for (const { lesson } of LESSON_DIAGRAMS) {
      const [diagram] = await measure(lesson, { width: 360, colorScheme: 'dark' });
      expect(diagram!.overflowPx, lesson).toBe(0);
      expect(diagram!.outside, lesson).toEqual([]);
      expect(diagram!.smallestTextPx, lesson).toBeGreaterThanOrEqual(10);
    }
  });

  it('stay in the printed lesson', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${server.url}/lessons/${LESSON_DIAGRAMS[0].lesson}`);
    const drawn = await page.locator('figure.diagram svg').boundingBox();
    expect(drawn?.height ?? 0).toBeGreaterThan(200);
    await page.close();
  });
});
