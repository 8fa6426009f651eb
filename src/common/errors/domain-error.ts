// Codes are API: clients switch on them. Never rename one; add new ones.
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_REQUEST = 'MALFORMED_REQUEST',
  UNAUTHORIZED = 'UNAUTHORIZED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_FLIGHT = 'IDEMPOTENCY_KEY_IN_FLIGHT',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * A failure the client can act on. Services throw these (never HttpException);
 * ProblemDetailsFilter turns them into application/problem+json.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.NOT_FOUND, 404, `${what} was not found`, extensions);
  }
}

export class ConflictError extends DomainError {
  constructor(detail: string, code: string = ErrorCode.CONFLICT, extensions: Record<string, unknown> = {}) {
    super(code, 409, detail, extensions);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail = 'Authentication is required') {
    super(ErrorCode.UNAUTHORIZED, 401, detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, 403, detail);
  }
}

export class ValidationError extends DomainError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(ErrorCode.VALIDATION_FAILED, 400, detail, errors.length ? { errors } : {});
  }
}
