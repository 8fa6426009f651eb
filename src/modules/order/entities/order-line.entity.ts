import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, bigintNumber } from '../../../common/database';
import type { Adjustment } from '../domain/pricing';
import { Order } from './order.entity';

/** One SKU of an order, with what the shopper saw when ordering: the catalog may change later. */
@Entity('order_lines')
export class OrderLine extends BaseEntity {
  @Index('order_lines_order_id_idx')
  @Column('uuid')
  orderId: string;

  @ManyToOne(() => Order, (order) => order.lines, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column('uuid')
  productId: string;

  @Index('order_lines_sku_id_idx')
  @Column('uuid')
  skuId: string;

  @Column('text')
  skuCode: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  image: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  specs: Record<string, string>;

  @Column('integer')
  quantity: number;

  /** Catalog price of one unit when ordered. */
  @Column('bigint', { transformer: bigintNumber })
  unitPrice: number;

  /** unitPrice × quantity. */
  @Column('bigint', { transformer: bigintNumber })
  lineSubtotal: number;

  /** The line's own discounts plus its share of the order's, so a refund of this line is exact. */
  @Column('bigint', { transformer: bigintNumber })
  discountTotal: number;

  /** lineSubtotal - discountTotal: what the shopper pays for this line. */
  @Column('bigint', { transformer: bigintNumber })
  lineTotal: number;

  @Column('jsonb', { default: () => "'[]'" })
  adjustments: Adjustment[];
}
