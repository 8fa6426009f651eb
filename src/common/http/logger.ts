import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';

export function createPino(level: string): Pino {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken'], remove: true },
    serializers: { err: pino.stdSerializers.err },
  });
}

/** Nest's logger interface over pino, so framework and request logs share one JSON stream. */
export class PinoLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  // Nest passes (message, context) or (message, stack, context); objects are merged into the line.
  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' && level === 'error' ? (rest.shift() as string) : undefined;
    if (message !== null && typeof message === 'object') {
      const { msg, ...fields } = message as Record<string, unknown> & { msg?: string };
      this.pino[level]({ context, stack, ...fields }, typeof rest[0] === 'string' ? (rest[0] as string) : (msg ?? ''));
    } else {
      this.pino[level]({ context, stack }, String(message));
    }
  }
}
