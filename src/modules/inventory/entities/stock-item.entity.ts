import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Stock of one SKU. `available = onHand - reserved` never goes below zero (checked by Postgres too). */
@Entity('stock_items')
@Check('stock_items_reserved_within_on_hand', '"reserved" >= 0 AND "on_hand" >= "reserved"')
export class StockItem {
  @PrimaryColumn('uuid')
  skuId: string;

  @Index('stock_items_product_id_idx')
  @Column('uuid')
  productId: string;

  /** The SKU's code, kept here so stock screens and warnings can name it without a catalog call. */
  @Column('text')
  skuCode: string;

  @Column('integer', { default: 0 })
  onHand: number;

  @Column('integer', { default: 0 })
  reserved: number;

  /** Warn when available falls below this; null uses the store default. */
  @Column('integer', { nullable: true })
  lowStockThreshold: number | null;

  /**
   * Whether available was below the threshold after the last stock change. Flipped under the row lock
   * of that change: its flip from false to true is the one low-stock warning per crossing.
   */
  @Column('boolean', { default: false })
  lowStockAlerted: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
