import { applyDecorators, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { RateLimitedError } from './identity.errors';
import { normalizeEmail } from './staff-auth.service';

/** The account a login-like request is about: the body's phone or email. */
export function accountOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { phone, email } = body as { phone?: unknown; email?: unknown };
  if (typeof phone === 'string' && phone) return `phone:${phone.trim()}`;
  if (typeof email === 'string' && email) return `email:${normalizeEmail(email)}`;
  return undefined;
}

const bodyOf = (context: ExecutionContext) => context.switchToHttp().getRequest<{ body?: unknown }>().body;

/** AUTH_RATE_LIMIT requests per minute per client IP, and per phone or email, on each throttled route. */
export function authThrottlers(limit: number): ThrottlerOptions[] {
  return [
    { name: 'ip', ttl: 60_000, limit },
    {
      name: 'account',
      ttl: 60_000,
      limit,
      getTracker: (req) => accountOf(req.body) ?? '',
      skipIf: (context) => !accountOf(bodyOf(context)),
    },
  ];
}

/** Answers 429 RATE_LIMITED with a Retry-After header when a throttler's limit is spent. */
@Injectable()
export class AuthRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    throw new RateLimitedError(retryAfter, 'Too many attempts; wait before trying again');
  }
}

/** Puts a route under the auth rate limits (see authThrottlers). */
export const AuthRateLimit = () =>
  applyDecorators(
    UseGuards(AuthRateLimitGuard),
    ApiTooManyRequestsResponse({
      description: 'Too many attempts from this IP or for this account (Retry-After says when to retry)',
    }),
  );
