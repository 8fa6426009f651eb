import { Column, Entity, Index, OneToMany, Unique } from 'typeorm';
import { BaseEntity, bigintNumber } from '../../../common/database';
import type { Adjustment } from '../domain/pricing';
import { DeliveryMethod, OrderStatus } from '../domain/order-status';
import { OrderLine } from './order-line.entity';

/** Where the order goes, copied from the customer's address when the order was placed. */
export interface AddressSnapshot {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
}

export interface PickupStoreSnapshot {
  id: string;
  name: string;
  address: string;
  hours: string;
}

@Entity('orders')
@Unique('orders_number_key', ['number'])
// The last line of defence behind the Idempotency-Key interceptor: one order per customer and key.
@Unique('orders_customer_id_idempotency_key_key', ['customerId', 'idempotencyKey'])
@Index('orders_customer_id_created_at_idx', ['customerId', 'createdAt'])
@Index('orders_created_at_idx', ['createdAt'])
// The payment-timeout sweep looks for unpaid orders past their expiry.
@Index('orders_expires_at_idx', ['expiresAt'], { where: `"status" = 'pending_payment' AND "expires_at" IS NOT NULL` })
export class Order extends BaseEntity {
  /** Human-readable and unique: the date and a sequence number (2026112200000042). */
  @Column('text')
  number: string;

  @Column('uuid')
  customerId: string;

  @Index('orders_status_idx')
  @Column('text')
  status: OrderStatus;

  @Column('text')
  deliveryMethod: DeliveryMethod;

  @Column('text')
  currency: string;

  @Column('bigint', { transformer: bigintNumber })
  subtotal: number;

  @Column('bigint', { transformer: bigintNumber })
  shippingTotal: number;

  @Column('bigint', { transformer: bigintNumber })
  discountTotal: number;

  @Column('bigint', { transformer: bigintNumber })
  total: number;

  /** Order-level adjustments of the pricing pipeline (discounts, shipping), as explained to the shopper. */
  @Column('jsonb', { default: () => "'[]'" })
  adjustments: Adjustment[];

  @Column('jsonb', { nullable: true })
  address: AddressSnapshot | null;

  @Column('uuid', { nullable: true })
  pickupStoreId: string | null;

  /** The pickup store when ordered (name, address, hours), for pickup orders. */
  @Column('jsonb', { nullable: true })
  pickupStore: PickupStoreSnapshot | null;

  /** The code the shopper shows at the pickup store. */
  @Column('text', { nullable: true })
  pickupCode: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text', { nullable: true })
  idempotencyKey: string | null;

  /** When an unpaid order is cancelled; null for orders that do not wait for online payment (cash on delivery). */
  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;

  @Column('timestamptz', { nullable: true })
  shippedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  @OneToMany(() => OrderLine, (line) => line.order)
  lines?: OrderLine[];
}
