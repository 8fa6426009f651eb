import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { AddressSnapshot, Order } from './order.entity';

export enum OrderNoteKind {
  /** A staff member's free-text note. */
  Note = 'note',
  /** The delivery address was changed before shipping; data holds the address before and after. */
  AddressChanged = 'address_changed',
  /** Staff changed the price of the unpaid order; data holds the amounts before and after. */
  PriceAdjusted = 'price_adjusted',
}

/** The amounts of an order before or after a staff price adjustment, fen. */
export interface OrderAmounts {
  total: number;
  shippingTotal: number;
  discountTotal: number;
}

/** Staff notes and recorded staff changes of an order. Append-only. */
@Entity('order_notes')
export class OrderNote extends BaseEntity {
  @Index('order_notes_order_id_idx')
  @Column('uuid')
  orderId: string;

  @ManyToOne(() => Order, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column('text')
  kind: OrderNoteKind;

  @Column('text')
  body: string;

  /** For an address change, the address before and after; for a price adjustment, the amounts. */
  @Column('jsonb', { nullable: true })
  data: { from: AddressSnapshot | null; to: AddressSnapshot } | { from: OrderAmounts; to: OrderAmounts } | null;

  @Column('uuid', { nullable: true })
  staffId: string | null;
}
