import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { Order } from './order.entity';

/** A parcel handed to a carrier for an order. */
@Entity('order_shipments')
export class OrderShipment extends BaseEntity {
  @Index('order_shipments_order_id_idx')
  @Column('uuid')
  orderId: string;

  @ManyToOne(() => Order, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  /** e.g. SF, ZTO, YTO. */
  @Column('text')
  carrier: string;

  @Column('text')
  trackingNumber: string;

  /** The staff member who shipped it. */
  @Column('uuid', { nullable: true })
  staffId: string | null;
}
