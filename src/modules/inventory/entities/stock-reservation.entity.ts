import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { StockItem } from './stock-item.entity';

export enum ReservationStatus {
  Reserved = 'reserved',
  Released = 'released',
  Committed = 'committed',
}

/**
 * Units of one SKU held for one reference (an order). The unique (reference, sku) makes a repeated
 * reserve a no-op; the status moves out of `reserved` once, by a conditional UPDATE, so release and
 * commit act exactly once however often or concurrently they are called.
 */
@Entity('stock_reservations')
@Unique('stock_reservations_reference_sku_id_key', ['reference', 'skuId'])
export class StockReservation extends BaseEntity {
  @Column('text')
  reference: string;

  @Column('uuid')
  skuId: string;

  @ManyToOne(() => StockItem, { nullable: false })
  @JoinColumn({ name: 'sku_id', referencedColumnName: 'skuId' })
  stockItem?: StockItem;

  @Column('integer')
  quantity: number;

  @Column('text', { default: ReservationStatus.Reserved })
  status: ReservationStatus;
}
