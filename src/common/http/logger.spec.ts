import { expect } from 'expect';
import { describe, it } from 'node:test';
import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: new PinoLogger(pino({ level: 'trace' }, stream)), lines };
}

describe('PinoLogger', () => {
  it('keeps message, context, fields and stacks apart', async () => {
    const { logger, lines } = capture();
    logger.log('started', 'Main');
    logger.error({ err: new Error('boom'), requestId: 'r1' }, 'unexpected error', 'Problem');
    logger.error('failed', 'Error: x\n    at f (a.js:1:1)', 'Worker');
    logger.warn({ queue: 'q' }, 'slow');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines[0]).toMatchObject({ msg: 'started', context: 'Main' });
    expect(lines[1]).toMatchObject({ msg: 'unexpected error', context: 'Problem', requestId: 'r1' });
    expect(lines[1].err).toMatchObject({ message: 'boom' });
    expect(lines[2]).toMatchObject({ msg: 'failed', context: 'Worker', stack: 'Error: x\n    at f (a.js:1:1)' });
    expect(lines[3]).toMatchObject({ msg: 'slow', queue: 'q' });
  });
});
