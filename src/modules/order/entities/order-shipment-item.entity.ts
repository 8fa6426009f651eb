import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { OrderLine } from './order-line.entity';
import { OrderShipment } from './order-shipment.entity';

/** How many units of one order line went into a shipment. */
@Entity('order_shipment_items')
@Unique('order_shipment_items_shipment_id_order_line_id_key', ['shipmentId', 'orderLineId'])
export class OrderShipmentItem extends BaseEntity {
  @Column('uuid')
  shipmentId: string;

  @ManyToOne(() => OrderShipment, (shipment) => shipment.items, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shipment_id' })
  shipment?: OrderShipment;

  @Index('order_shipment_items_order_line_id_idx')
  @Column('uuid')
  orderLineId: string;

  @ManyToOne(() => OrderLine, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_line_id' })
  orderLine?: OrderLine;

  @Column('integer')
  quantity: number;
}
