import { Check, Column, Entity, Index, Unique } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

export type IdempotencyKeyState = 'in_flight' | 'completed';

/**
 * One Idempotency-Key of one caller: the claim while its request runs, then the stored answer.
 * Written only through IdempotencyRepository, with conditional SQL.
 */
@Entity('idempotency_keys')
@Unique('idempotency_keys_scope_key_unique', ['scope', 'key'])
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
@Check('idempotency_keys_state_known', `"state" IN ('in_flight', 'completed')`)
export class IdempotencyKey extends BaseEntity {
  // `customer:<id>`, `staff:<id>` or `anonymous:<ip>`: the same key from two callers is two keys.
  @Column({ type: 'text' })
  scope: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  method: string;

  /** Route pattern, e.g. `/v1/store/orders/:id/payments`. */
  @Column({ type: 'text' })
  route: string;

  /** sha256 (hex) of the canonical JSON of the body and route params. */
  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'text' })
  state: IdempotencyKeyState;

  /** Identifies the current claim, so that a claimant whose lease was taken over cannot overwrite the new one. */
  @Column({ type: 'uuid', nullable: true })
  lockToken: string | null;

  /** An in-flight claim older than this may be taken over (its process is presumed dead). */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
