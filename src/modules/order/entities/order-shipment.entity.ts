import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { OrderShipmentItem } from './order-shipment-item.entity';
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

  /** The units of each order line in this parcel (a shipment may carry part of the order). */
  @OneToMany(() => OrderShipmentItem, (item) => item.shipment)
  items?: OrderShipmentItem[];
}
