import { Column, Entity, Index, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database/base.entity';
import { bigintNumber } from '../../../common/database/bigint.transformer';

export enum PaymentStatus {
  Pending = 'pending',
  Succeeded = 'succeeded',
  Failed = 'failed',
  Closed = 'closed',
  Refunded = 'refunded',
  PartiallyRefunded = 'partially_refunded',
}

/** One attempt to pay one order through one provider. */
@Entity('payments')
@Unique('payments_out_trade_no_key', ['outTradeNo'])
@Index('payments_provider_transaction_id_key', ['provider', 'providerTransactionId'], {
  unique: true,
  where: '"provider_transaction_id" IS NOT NULL',
})
@Index('payments_order_id_idx', ['orderId'])
// The daily bill check lists what each provider settled in a day.
@Index('payments_provider_paid_at_idx', ['provider', 'paidAt'])
@Index('payments_pending_created_at_idx', ['createdAt'], { where: `"status" = 'pending'` })
export class Payment extends BaseEntity {
  @Column('uuid')
  orderId: string;

  /** The order's owner: only they see the payment. */
  @Column('uuid')
  customerId: string;

  @Column('text')
  provider: string;

  /** Minor units (fen). */
  @Column('bigint', { transformer: bigintNumber })
  amount: number;

  @Column('text')
  currency: string;

  @Column('text')
  status: PaymentStatus;

  /** Our trade number, sent to the provider. */
  @Column('text')
  outTradeNo: string;

  /** The provider's transaction id, once it reported one. */
  @Column('text', { nullable: true })
  providerTransactionId: string | null;

  /** Minor units refunded so far (refunds that succeeded). */
  @Column('bigint', { transformer: bigintNumber, default: 0 })
  refundedAmount: number;

  /** Something does not add up (amount, currency, a second transaction): staff must look. */
  @Column('boolean', { default: false })
  needsReview: boolean;

  @Column('text', { nullable: true })
  reviewReason: string | null;

  /** What the frontend hands to the provider's SDK, kept to answer a retried payment request. */
  @Column('jsonb', { default: {} })
  clientParams: Record<string, unknown>;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;
}
