import { DomainError, ErrorCode } from '../errors';

export enum IdempotencyErrorCode {
  IDEMPOTENCY_KEY_REQUIRED = 'IDEMPOTENCY_KEY_REQUIRED',
  IDEMPOTENCY_KEY_INVALID = 'IDEMPOTENCY_KEY_INVALID',
  IDEMPOTENCY_KEY_REUSED = ErrorCode.IDEMPOTENCY_KEY_REUSED,
  IDEMPOTENCY_KEY_IN_FLIGHT = ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
}

export class IdempotencyKeyRequiredError extends DomainError {
  constructor() {
    super(IdempotencyErrorCode.IDEMPOTENCY_KEY_REQUIRED, 400, 'This request needs an Idempotency-Key header');
  }
}

export class IdempotencyKeyInvalidError extends DomainError {
  constructor() {
    super(
      IdempotencyErrorCode.IDEMPOTENCY_KEY_INVALID,
      400,
      'The Idempotency-Key header must be 1 to 255 printable ASCII characters',
    );
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      IdempotencyErrorCode.IDEMPOTENCY_KEY_REUSED,
      422,
      'This Idempotency-Key was already used with another request; use a new key for a new request',
    );
  }
}

export class IdempotencyKeyInFlightError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      IdempotencyErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
      409,
      'A request with this Idempotency-Key is still being processed; retry it shortly',
    );
  }
}
