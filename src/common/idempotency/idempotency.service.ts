import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Environment } from '../../config/environment';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './idempotency.errors';
import { IdempotencyRepository } from './idempotency.repository';

/** How long a claim protects a running request. A claimant silent for longer is presumed dead. */
export const CLAIM_LEASE_SECONDS = 60;

export interface IdempotentRequest {
  /** Who asks: `customer:<id>`, `staff:<id>` or `anonymous:<ip>`. */
  scope: string;
  key: string;
  method: string;
  route: string;
  requestHash: string;
}

export type ClaimOutcome = { kind: 'claimed'; claim: Claim } | { kind: 'replay'; status: number; body: unknown };

export interface Claim {
  id: string;
  lockToken: string;
}

/**
 * Stripe's idempotency semantics: the first request with a key runs and its answer is stored;
 * the same request again gets that answer; another request under the same key is refused.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly env: Environment,
  ) {}

  /** Claims the key for this request, or says what to answer instead (a replay, or an error thrown). */
  async begin(request: IdempotentRequest): Promise<ClaimOutcome> {
    // A few rounds cover the races where the row changes between our claim and our read
    // (released by a failing first request, or expiring in between).
    for (let round = 0; round < 3; round++) {
      const lockToken = randomUUID();
      const id = await this.repository.claim({
        ...request,
        lockToken,
        leaseSeconds: CLAIM_LEASE_SECONDS,
        ttlHours: this.env.IDEMPOTENCY_TTL_HOURS,
      });
      if (id) return { kind: 'claimed', claim: { id, lockToken } };

      const stored = await this.repository.find(request.scope, request.key);
      if (!stored) continue;
      if (stored.method !== request.method || stored.route !== request.route || stored.requestHash !== request.requestHash) {
        throw new IdempotencyKeyReusedError();
      }
      if (stored.state === 'completed') {
        return { kind: 'replay', status: stored.responseStatus ?? 200, body: stored.responseBody ?? undefined };
      }
      throw new IdempotencyKeyInFlightError(1);
    }
    throw new IdempotencyKeyInFlightError(1);
  }

  /** Stores a successful answer for replays. */
  async complete(claim: Claim, status: number, body: unknown): Promise<void> {
    const stored = await this.repository.complete(claim.id, claim.lockToken, status, body);
    if (!stored) {
      // Our lease ran out and a retry took the key over: the request ran twice. Its answer stays with the retry.
      this.logger.warn({ idempotencyKeyId: claim.id }, 'idempotency claim was taken over before its request completed');
    }
  }

  /**
   * Forgets a claim whose request failed, so that the client's retry runs again. Failures are not stored:
   * most are transient (a timeout, a lost connection, stock that comes back), and a stored failure would
   * answer every retry with it, so recovery would need a new key (Medusa 2.8 stopped caching
   * cart-completion failures for this reason).
   */
  async release(claim: Claim): Promise<void> {
    await this.repository.release(claim.id, claim.lockToken);
  }

  deleteExpired(): Promise<number> {
    return this.repository.deleteExpired();
  }
}
