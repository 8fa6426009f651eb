import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENT_METADATA, IdempotencyInterceptor } from './idempotency.interceptor';

export interface IdempotentOptions {
  /** Refuse the request (400 IDEMPOTENCY_KEY_REQUIRED) when it carries no Idempotency-Key. Default: false. */
  required?: boolean;
}

const DESCRIPTION =
  'A unique key per operation (a UUID v4 is ideal), at most 255 printable ASCII characters. ' +
  'Retrying with the same key and the same request returns the first successful answer again, ' +
  'with the header `Idempotent-Replayed: true`, instead of repeating the operation. ' +
  'A key reused for another request answers 422 `IDEMPOTENCY_KEY_REUSED`; while the first request ' +
  'is still running, 409 `IDEMPOTENCY_KEY_IN_FLIGHT` with `Retry-After`. Failed requests are not ' +
  'remembered, so their retry runs again. Keys are kept per caller for a day (IDEMPOTENCY_TTL_HOURS).';

/**
 * Makes a write safe to retry: the route honours the `Idempotency-Key` header (see DESCRIPTION).
 * The header is documented in the OpenAPI spec automatically.
 */
export const Idempotent = (options: IdempotentOptions = {}) =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_METADATA, { required: options.required ?? false } satisfies IdempotentOptions),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: options.required ?? false,
      description: DESCRIPTION,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    }),
  );
