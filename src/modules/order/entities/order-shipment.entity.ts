import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { TrackingStatus } from '../domain/tracking';
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

  // Tracking pushes find their shipment by number.
  @Index('order_shipments_tracking_number_idx')
  @Column('text')
  trackingNumber: string;

  /** The staff member who shipped it. */
  @Column('uuid', { nullable: true })
  staffId: string | null;

  /** The latest tracking state; only a push with newer events moves it. Null until the first push. */
  @Column('text', { nullable: true })
  trackingState: TrackingStatus | null;

  /** Time of the newest tracking event behind trackingState. */
  @Column('timestamptz', { nullable: true })
  trackingUpdatedAt: Date | null;

  /** When the parcel was signed for. */
  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  /** The units of each order line in this parcel (a shipment may carry part of the order). */
  @OneToMany(() => OrderShipmentItem, (item) => item.shipment)
  items?: OrderShipmentItem[];
}
