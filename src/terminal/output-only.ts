import { Duplex, Writable, type Readable } from 'node:stream';

/**
 * A terminal stream that shows `output` and drops whatever is typed into it:
 * a service's logs, or an instructor watching a learner's shell.
 */
export function outputOnly(output: Readable): Duplex {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  return Duplex.from({ readable: output, writable: discard });
}
