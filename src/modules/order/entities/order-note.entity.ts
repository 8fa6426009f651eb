import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { AddressSnapshot, Order } from './order.entity';

export enum OrderNoteKind {
  /** A staff member's free-text note. */
  Note = 'note',
  /** The delivery address was changed before shipping; data holds the address before and after. */
  AddressChanged = 'address_changed',
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

  /** For an address change: the address before and after. */
  @Column('jsonb', { nullable: true })
  data: { from: AddressSnapshot | null; to: AddressSnapshot } | null;

  @Column('uuid', { nullable: true })
  staffId: string | null;
}
