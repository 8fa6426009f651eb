import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { IdempotencyKeyInFlightError, IdempotencyKeyInvalidError, IdempotencyKeyRequiredError } from './idempotency.errors';
import { Claim, IdempotencyService } from './idempotency.service';
import type { IdempotentOptions } from './idempotent.decorator';
import { requestHash } from './request-hash';

export const IDEMPOTENT_METADATA = 'commerce:idempotent';

// Stripe's rule: at most 255 characters; printable ASCII keeps keys safe to log and to compare.
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** Runs the route once per (caller, Idempotency-Key); applied by @Idempotent(). */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT_METADATA, context.getHandler());
    if (!options || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    const key = request.headers['idempotency-key'];
    if (key === undefined) {
      if (options.required) throw new IdempotencyKeyRequiredError();
      return next.handle();
    }
    if (typeof key !== 'string' || !VALID_KEY.test(key)) throw new IdempotencyKeyInvalidError();

    // Not tied to the subscriber: a client that hangs up mid-request still gets its answer stored.
    return defer(() => this.run(request, reply, key, next));
  }

  private async run(request: FastifyRequest, reply: FastifyReply, key: string, next: CallHandler): Promise<unknown> {
    const outcome = await this.idempotency
      .begin({
        scope: callerScope(request),
        key,
        method: request.method,
        route: request.routeOptions.url ?? request.url.split('?')[0],
        requestHash: requestHash(request.body, request.params as Record<string, unknown>),
      })
      .catch((error: unknown) => {
        if (error instanceof IdempotencyKeyInFlightError) void reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      });

    if (outcome.kind === 'replay') {
      // The router sends the route's own status code, which is the one stored with the answer.
      void reply.header('idempotent-replayed', 'true');
      return outcome.body;
    }

    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.forget(outcome.claim);
      throw error;
    }
    // A failure to store is logged, not answered: the operation did happen, and the client must learn its result.
    await this.idempotency.complete(outcome.claim, reply.statusCode, body).catch((error: unknown) => {
      this.logger.error({ err: error, idempotencyKeyId: outcome.claim.id }, 'could not store the idempotent answer');
    });
    return body;
  }

  private async forget(claim: Claim): Promise<void> {
    await this.idempotency.release(claim).catch((error: unknown) => {
      // The claim then blocks retries until its lease runs out, after which a retry takes it over.
      this.logger.error({ err: error, idempotencyKeyId: claim.id }, 'could not release the idempotency claim');
    });
  }
}

/** The caller an Idempotency-Key belongs to. The auth guard has run before any interceptor. */
export function callerScope(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal) return `${principal.kind}:${principal.id}`;
  return `anonymous:${request.ip}`;
}
