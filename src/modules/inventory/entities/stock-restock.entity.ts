import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { StockItem } from './stock-item.entity';

/** Units of one SKU put back on the shelf for one reference (a return): claimed once, so a replay adds nothing. */
@Entity('stock_restocks')
@Unique('stock_restocks_reference_sku_id_key', ['reference', 'skuId'])
export class StockRestock {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  reference: string;

  @Column('uuid')
  skuId: string;

  @ManyToOne(() => StockItem, { nullable: false })
  @JoinColumn({ name: 'sku_id', referencedColumnName: 'skuId' })
  stockItem?: StockItem;

  @Column('integer')
  quantity: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
