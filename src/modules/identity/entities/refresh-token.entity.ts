import { Column, Entity, Index, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';

export type TokenSubject = 'customer' | 'staff';

/**
 * One refresh token, stored as its sha256. Each rotation revokes the presented token and issues the
 * next one in the same family; presenting a revoked token again revokes the whole family.
 */
@Entity('refresh_tokens')
@Unique('uq_refresh_tokens_token_hash', ['tokenHash'])
@Index('ix_refresh_tokens_subject', ['subjectType', 'subjectId'])
export class RefreshToken extends BaseEntity {
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** Every token descended from one login shares it. */
  @Index('ix_refresh_tokens_family_id')
  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: TokenSubject;

  /** A customer's or a staff member's id, per subjectType. */
  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the token was rotated, or its family revoked. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
