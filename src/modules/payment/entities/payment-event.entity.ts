import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Payment } from './payment.entity';

export enum PaymentEventType {
  /** A message a provider sent to our webhook, verified or not. */
  Notification = 'notification',
  /** An answer to our query (reconciliation). */
  Query = 'query',
  /** A payment changed status. */
  StatusChanged = 'status_changed',
  /** A refund was requested or changed status. */
  Refund = 'refund',
}

/** The audit trail of payments: every provider message and every status change. Append-only. */
@Entity('payment_events')
@Index('payment_events_payment_id_created_at_idx', ['paymentId', 'createdAt'])
export class PaymentEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for a message that names no payment of ours (forged, unknown trade number). */
  @Column('uuid', { nullable: true })
  paymentId: string | null;

  @ManyToOne(() => Payment, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Payment;

  @Column('uuid', { nullable: true })
  refundId: string | null;

  @Column('text')
  provider: string;

  @Column('text')
  type: PaymentEventType;

  /** Whether the message's signature checked out; null for our own records. */
  @Column('boolean', { nullable: true })
  verified: boolean | null;

  /** What we did with it: processed, duplicate, rejected, unknown_trade, needs_review, late_payment_refunded... */
  @Column('text')
  outcome: string;

  @Column('text', { nullable: true })
  error: string | null;

  /** The body exactly as received. */
  @Column('text', { nullable: true })
  rawBody: string | null;

  /** The headers that matter to verification and support (signature, serial, timestamp, content type). */
  @Column('jsonb', { nullable: true })
  headers: Record<string, string> | null;

  @Column('text', { nullable: true })
  fromStatus: string | null;

  @Column('text', { nullable: true })
  toStatus: string | null;

  // The clock at insert, not the transaction's start: events of one transaction keep their order.
  @Column('timestamptz', { default: () => 'clock_timestamp()' })
  createdAt: Date;
}
