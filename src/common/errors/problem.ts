import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import { ValidationError as ClassValidatorError } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode, FieldError, ValidationError } from './domain-error';

/** RFC 9457 problem details, plus our stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.MALFORMED_REQUEST,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  422: ErrorCode.VALIDATION_FAILED,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

export function problemType(code: string): string {
  return `urn:commerce:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extensions,
  };
}

/** Flattens class-validator errors into `{ field: "items[0].quantity", messages }`. */
export function fieldErrors(errors: ClassValidatorError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

export function validationProblem(errors: ClassValidatorError[]): ValidationError {
  const fields = fieldErrors(errors);
  return new ValidationError(`The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}`, fields);
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_SERIALIZATION_FAILURE = '40001';
const PG_DEADLOCK = '40P01';

/**
 * Maps anything thrown to a problem. The boolean says whether the error is unexpected
 * (to be logged with its stack); its message never reaches the client then.
 */
export function toProblem(error: unknown): { problem: Problem; unexpected: boolean } {
  if (error instanceof DomainError) {
    return { problem: problem(error.status, error.code, error.detail, error.extensions), unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.MALFORMED_REQUEST);
    if (status === HttpStatus.NOT_FOUND && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(detail)) {
      return { problem: problem(404, ErrorCode.NOT_FOUND, `No route matches ${detail.slice(7)}`), unexpected: false };
    }
    return { problem: problem(status, code, status >= 500 ? 'An unexpected error occurred' : detail), unexpected: status >= 500 };
  }
  if (error instanceof QueryFailedError) {
    const pgCode = (error.driverError as { code?: string } | undefined)?.code;
    if (pgCode === PG_UNIQUE_VIOLATION) {
      return {
        problem: problem(409, ErrorCode.CONFLICT, 'The resource conflicts with one that already exists'),
        unexpected: false,
      };
    }
    if (pgCode === PG_FOREIGN_KEY_VIOLATION) {
      return {
        problem: problem(409, ErrorCode.CONFLICT, 'The resource refers to or is referred to by another one'),
        unexpected: false,
      };
    }
    if (pgCode === PG_SERIALIZATION_FAILURE || pgCode === PG_DEADLOCK) {
      return {
        problem: problem(503, ErrorCode.SERVICE_UNAVAILABLE, 'The request collided with another one; retry it'),
        unexpected: false,
      };
    }
  }
  // Errors raised by Fastify itself: bad JSON, wrong content type, body too large.
  const fastify = error as FastifyLikeError;
  if (typeof fastify?.code === 'string' && fastify.code.startsWith('FST_') && fastify.statusCode && fastify.statusCode < 500) {
    const status = fastify.statusCode;
    const detail =
      fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastify.message?.includes('JSON')
        ? 'The request body is not valid JSON'
        : (fastify.message ?? 'The request is malformed');
    return { problem: problem(status, CODE_BY_STATUS[status] ?? ErrorCode.MALFORMED_REQUEST, detail), unexpected: false };
  }
  if (error instanceof SyntaxError && fastify.statusCode === 400) {
    return { problem: problem(400, ErrorCode.MALFORMED_REQUEST, 'The request body is not valid JSON'), unexpected: false };
  }
  return { problem: problem(500, ErrorCode.INTERNAL_ERROR, 'An unexpected error occurred'), unexpected: true };
}
