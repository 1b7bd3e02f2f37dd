import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../src/terminal/output-batcher';

afterEach(() => vi.useRealTimers());

function batcher() {
  let clock = 0;
  const frames: string[] = [];
  const b = new OutputBatcher(
    (data) => frames.push(data.toString()),
    () => clock,
  );
  return { b, frames, advance: (ms: number) => (clock += ms) };
}

describe('batching terminal output into frames', () => {
  it('gathers output that arrives close together into one frame', () => {
    vi.useFakeTimers();
    const { b, frames } = batcher();
    b.push(Buffer.from('a'));
    b.push(Buffer.from('b'));
    b.push(Buffer.from('c'));
    expect(frames).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(frames).toEqual(['abc']);
  });

  it('sends output at once right after input, so echo is immediate', () => {
    vi.useFakeTimers();
    const { b, frames, advance } = batcher();
    b.inputArrived();
    advance(1);
    b.push(Buffer.from('x'));
    expect(frames).toEqual(['x']);
    advance(50);
    b.push(Buffer.from('later'));
    expect(frames).toEqual(['x']);
  });

  it('sends a full frame without waiting', () => {
    vi.useFakeTimers();
    const { b, frames } = batcher();
    b.push(Buffer.alloc(40 * 1024, 'y'));
    expect(frames).toHaveLength(1);
  });

  it('flushes what is left when asked, and nothing when empty', () => {
    const { b, frames } = batcher();
    b.flush();
    b.push(Buffer.from('tail'));
    b.flush();
    expect(frames).toEqual(['tail']);
  });
});
