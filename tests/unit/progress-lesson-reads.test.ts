import { describe, expect, it } from 'vitest';
import { lessonReadOf } from '../../src/progress/record-lesson-read';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const request = (
  url: string,
  headers: Record<string, string> = { accept: HTML },
  method = 'GET',
) => ({
  method,
  url,
  headers,
});

describe('which requests count as reading a lesson', () => {
  it('a browser opening a lesson page, with or without a trailing slash or query', () => {
    expect(lessonReadOf(request('/lessons/orientation/your-first-service'))).toBe(
      'orientation/your-first-service',
    );
    expect(lessonReadOf(request('/lessons/orientation/your-first-service/?from=outline'))).toBe(
      'orientation/your-first-service',
    );
    expect(lessonReadOf(request('/lessons/ci-cd/pipelines/index.html'))).toBe('ci-cd/pipelines');
  });

  it('not a script fetching it, a HEAD request, or a speculative prefetch', () => {
    const url = '/lessons/ci-cd/pipelines';
    expect(lessonReadOf(request(url, { accept: '*/*' }))).toBeUndefined();
    expect(lessonReadOf(request(url, { accept: HTML }, 'HEAD'))).toBeUndefined();
    expect(lessonReadOf(request(url, { accept: HTML, 'sec-purpose': 'prefetch' }))).toBeUndefined();
    expect(lessonReadOf(request(url, { accept: HTML, purpose: 'prefetch' }))).toBeUndefined();
  });

  it('not other pages, nor files beside a lesson', () => {
    for (const url of [
      '/',
      '/lessons',
      '/lessons/ci-cd',
      '/labs/hello-service',
      '/lessons/ci-cd/pipelines/diagram.svg',
    ])
      expect(lessonReadOf(request(url)), url).toBeUndefined();
  });
});
