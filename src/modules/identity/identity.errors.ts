import { ConflictError, DomainError, ErrorCode } from '../../common/errors';

// Codes are API: clients switch on them. Never rename one; add new ones.
export enum IdentityErrorCode {
  PHONE_TAKEN = 'PHONE_TAKEN',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  ROLE_NAME_TAKEN = 'ROLE_NAME_TAKEN',
  ROLE_BUILT_IN = 'ROLE_BUILT_IN',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  INVALID_SMS_CODE = 'INVALID_SMS_CODE',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
}

export class PhoneTakenError extends ConflictError {
  constructor() {
    super('A customer with this phone number already exists', IdentityErrorCode.PHONE_TAKEN);
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super('A staff member with this email already exists', IdentityErrorCode.EMAIL_TAKEN);
  }
}

export class RoleNameTakenError extends ConflictError {
  constructor() {
    super('A role with this name already exists', IdentityErrorCode.ROLE_NAME_TAKEN);
  }
}

export class RoleBuiltInError extends ConflictError {
  constructor() {
    super('This role is maintained by the application and cannot be changed', IdentityErrorCode.ROLE_BUILT_IN);
  }
}

/** Wrong password, unknown account or inactive account: one answer for all, so it tells nothing. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(IdentityErrorCode.INVALID_CREDENTIALS, 401, 'The login or the password is wrong');
  }
}

export class InvalidSmsCodeError extends DomainError {
  constructor(attemptsLeft: number) {
    super(
      IdentityErrorCode.INVALID_SMS_CODE,
      401,
      attemptsLeft > 0 ? 'The code is wrong' : 'The code is wrong, expired or used up; request a new one',
      { attemptsLeft },
    );
  }
}

export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super(IdentityErrorCode.INVALID_REFRESH_TOKEN, 401, 'The refresh token is invalid, expired or revoked; log in again');
  }
}

/** Too many requests; `retryAfter` (seconds) also goes into the Retry-After header. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    detail = 'Too many requests; retry later',
  ) {
    super(ErrorCode.RATE_LIMITED, 429, detail, { retryAfter: retryAfterSeconds });
  }
}

export class SmsUnavailableError extends DomainError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, 503, 'The code could not be sent; retry in a moment');
  }
}
