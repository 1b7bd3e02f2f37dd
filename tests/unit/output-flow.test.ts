import { describe, expect, it } from 'vitest';
import { HIGH_WATERMARK, LOW_WATERMARK, OutputFlow } from '../../src/terminal/output-flow';

function flow() {
  const events: string[] = [];
  const f = new OutputFlow(
    () => events.push('pause'),
    () => events.push('resume'),
  );
  return { f, events };
}

describe('flow control of terminal output', () => {
  it('lets output through while the browser keeps up', () => {
    const { f, events } = flow();
    for (let i = 0; i < 100; i++) {
      f.sent(16 * 1024);
      f.acked(16 * 1024);
    }
    expect(events).toEqual([]);
    expect(f.unacknowledged).toBe(0);
  });

  it('pauses the shell once more than the high watermark is undrawn, once', () => {
    const { f, events } = flow();
    f.sent(HIGH_WATERMARK);
    expect(events).toEqual([]);
    f.sent(1);
    f.sent(100_000);
    expect(events).toEqual(['pause']);
    expect(f.isPaused).toBe(true);
  });

  it('resumes only when acknowledgements bring it below the low watermark', () => {
    const { f, events } = flow();
    f.sent(HIGH_WATERMARK + 1);
    f.acked(HIGH_WATERMARK + 1 - LOW_WATERMARK);
    expect(events).toEqual(['pause']);
    f.acked(1);
    expect(events).toEqual(['pause', 'resume']);
  });

  it('never counts below zero when a browser acknowledges more than it got', () => {
    const { f } = flow();
    f.sent(10);
    f.acked(1_000_000);
    expect(f.unacknowledged).toBe(0);
  });
});
