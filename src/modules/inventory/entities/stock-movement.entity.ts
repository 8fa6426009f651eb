import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { MovementReason } from '../domain/movement-reason';
import { StockItem } from './stock-item.entity';

/**
 * The stock ledger: one append-only row per change of a SKU's onHand or reserved. Summing the deltas
 * of a SKU gives its current stock; before and after are what the conditional UPDATE saw and left.
 */
@Entity('stock_movements')
@Index('stock_movements_sku_id_seq_idx', ['skuId', 'seq'])
@Check(
  'stock_movements_after_is_before_plus_delta',
  '"on_hand_after" = "on_hand_before" + "on_hand_delta" AND "reserved_after" = "reserved_before" + "reserved_delta"',
)
export class StockMovement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order, for newest-first pages (timestamps tie inside one transaction). */
  @Column('bigint')
  @Generated('increment')
  seq: string;

  @Column('uuid')
  skuId: string;

  @ManyToOne(() => StockItem, { nullable: false })
  @JoinColumn({ name: 'sku_id', referencedColumnName: 'skuId' })
  stockItem?: StockItem;

  @Column('text')
  reason: MovementReason;

  @Column('integer')
  onHandDelta: number;

  @Column('integer')
  reservedDelta: number;

  @Column('integer')
  onHandBefore: number;

  @Column('integer')
  onHandAfter: number;

  @Column('integer')
  reservedBefore: number;

  @Column('integer')
  reservedAfter: number;

  /** The staff member who adjusted the stock; null for system operations. */
  @Column('uuid', { nullable: true })
  staffId: string | null;

  /** The operation's reference (an order's reservation reference, a return's id); null for staff adjustments. */
  @Column('text', { nullable: true })
  reference: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
