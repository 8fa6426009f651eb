import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database/base.entity';
import { bigintNumber } from '../../../common/database/bigint.transformer';
import { Payment } from './payment.entity';

export enum RefundStatus {
  /** Recorded; not yet accepted by the provider (or its answer was lost). */
  Pending = 'pending',
  /** The provider accepted it and is still working on it. */
  Processing = 'processing',
  Succeeded = 'succeeded',
  Failed = 'failed',
}

/** Money going back to the payer, all or part of a payment. */
@Entity('refunds')
@Unique('refunds_out_refund_no_key', ['outRefundNo'])
@Index('refunds_payment_id_idx', ['paymentId'])
@Index('refunds_open_created_at_idx', ['createdAt'], { where: `"status" IN ('pending', 'processing')` })
export class Refund extends BaseEntity {
  @Column('uuid')
  paymentId: string;

  @ManyToOne(() => Payment, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Payment;

  /** Our refund number, sent to the provider (it dedupes on it). */
  @Column('text')
  outRefundNo: string;

  /** Minor units. */
  @Column('bigint', { transformer: bigintNumber })
  amount: number;

  @Column('text')
  reason: string;

  @Column('text')
  status: RefundStatus;

  @Column('text', { nullable: true })
  providerRefundId: string | null;

  /** Who asked for it; null for automatic refunds (a payment for a cancelled order). */
  @Column('uuid', { nullable: true })
  staffId: string | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}
