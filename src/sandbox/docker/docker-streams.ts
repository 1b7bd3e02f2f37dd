import type { Readable } from 'node:stream';

/**
 * Splits Docker's multiplexed (non-TTY) output: frames of an 8-byte header
 * (stream type, 3 zero bytes, big-endian length) followed by the payload.
 */
export function demultiplex(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const type = buffer[offset];
    const length = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + length);
    (type === 2 ? err : out).push(payload);
    offset += 8 + length;
  }
  return {
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** Collects a readable stream into one buffer, capped so a chatty command cannot exhaust memory. */
export function collect(stream: Readable, capBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (size < capBytes) chunks.push(chunk.subarray(0, capBytes - size));
      size += chunk.length;
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('close', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
