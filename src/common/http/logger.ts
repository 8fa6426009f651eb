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

  // Nest calls (message, context), (message, stack, context) for errors, and we call (fields, message) through
  // a contextual Logger, which appends its context: (fields, message, context).
  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    const strings = rest.filter((r): r is string => typeof r === 'string');
    const isStack = (s: string | undefined) => !!s && /\n\s+at /.test(s);
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const context = strings.length >= 2 ? strings[strings.length - 1] : undefined;
      this.pino[level]({ context, ...(message as Record<string, unknown>) }, strings[0] ?? '');
      return;
    }
    if (message instanceof Error) {
      this.pino[level]({ context: strings[strings.length - 1], err: message }, message.message);
      return;
    }
    const stack = strings.find(isStack);
    const context = strings.filter((s) => !isStack(s)).pop();
    this.pino[level]({ context, stack }, String(message));
  }
}
