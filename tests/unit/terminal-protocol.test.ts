import { describe, expect, it } from 'vitest';
import {
  initialSize,
  MAX_COLS,
  MAX_ROWS,
  parseControlMessage,
  tabName,
} from '../../src/terminal/terminal-protocol';

describe('a control message from the browser terminal', () => {
  it('that asks for a resize is understood', () => {
    expect(parseControlMessage('{"type":"resize","cols":120,"rows":40}')).toEqual({
      type: 'resize',
      cols: 120,
      rows: 40,
    });
  });

  it('asking for an absurd size is clamped to what a screen could show', () => {
    expect(parseControlMessage('{"type":"resize","cols":100000,"rows":99999}')).toEqual({
      type: 'resize',
      cols: MAX_COLS,
      rows: MAX_ROWS,
    });
  });

  it('asking for zero or negative size gets one column and one row', () => {
    expect(parseControlMessage('{"type":"resize","cols":0,"rows":-5}')).toEqual({
      type: 'resize',
      cols: 1,
      rows: 1,
    });
  });

  it.each([
    ['an unknown type', '{"type":"reboot"}'],
    ['no type', '{"cols":80,"rows":24}'],
    ['a missing dimension', '{"type":"resize","cols":80}'],
    ['a fractional dimension', '{"type":"resize","cols":80.5,"rows":24}'],
    ['a dimension given as text', '{"type":"resize","cols":"80","rows":24}'],
    ['text that is not JSON', 'resize 80 24'],
    ['JSON that is not an object', '42'],
    ['JSON null', 'null'],
  ])('with %s is ignored', (_, text) => {
    expect(parseControlMessage(text)).toBeUndefined();
  });
});

describe('the terminal size asked for in the WebSocket URL', () => {
  const size = (query: string) => initialSize(new URLSearchParams(query));

  it('is used when given', () => {
    expect(size('cols=132&rows=43')).toEqual({ cols: 132, rows: 43 });
  });

  it('defaults to 80 by 24', () => {
    expect(size('')).toEqual({ cols: 80, rows: 24 });
    expect(size('cols=wide&rows=')).toEqual({ cols: 80, rows: 24 });
  });

  it('is clamped between one and the maximum', () => {
    expect(size('cols=9999&rows=9999')).toEqual({ cols: MAX_COLS, rows: MAX_ROWS });
    expect(size('cols=0&rows=-3')).toEqual({ cols: 1, rows: 1 });
  });
});

describe('flow-control and liveness messages', () => {
  it('reads acknowledgements and pings', () => {
    expect(parseControlMessage('{"type":"ack","bytes":32768}')).toEqual({
      type: 'ack',
      bytes: 32768,
    });
    expect(parseControlMessage('{"type":"ping","t":12.5}')).toEqual({ type: 'ping', t: 12.5 });
  });

  it('refuses negative acknowledgements and extra fields', () => {
    expect(parseControlMessage('{"type":"ack","bytes":-1}')).toBeUndefined();
    expect(
      parseControlMessage('{"type":"resize","cols":80,"rows":24,"evil":true}'),
    ).toBeUndefined();
  });
});

describe('terminal tabs', () => {
  it('defaults to the main tab and accepts short lower-case names', () => {
    expect(tabName(new URLSearchParams(''))).toBe('main');
    expect(tabName(new URLSearchParams('tab=tab-2'))).toBe('tab-2');
  });

  it('refuses names that tmux would misread or that are too long', () => {
    for (const bad of ['a:b', 'x;rm', 'Tab', '', 'a'.repeat(17), '../x']) {
      expect(tabName(new URLSearchParams({ tab: bad }))).toBeUndefined();
    }
  });
});
