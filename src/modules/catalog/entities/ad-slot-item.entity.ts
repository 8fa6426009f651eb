import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { AdSlot } from './ad-slot.entity';
import { Product } from './product.entity';

/** A banner (image and link) or a product reference in a slot, shown between startsAt and endsAt. */
@Entity('ad_slot_items')
@Index('ad_slot_items_slot_id_sort_order_idx', ['slotId', 'sortOrder'])
export class AdSlotItem extends BaseEntity {
  @Column('uuid')
  slotId: string;

  @ManyToOne(() => AdSlot, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'slot_id', foreignKeyConstraintName: 'ad_slot_items_slot_id_fkey' })
  slot?: AdSlot;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('text', { nullable: true })
  image: string | null;

  @Column('text', { nullable: true })
  link: string | null;

  @Index('ad_slot_items_product_id_idx')
  @Column('uuid', { nullable: true })
  productId: string | null;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'ad_slot_items_product_id_fkey' })
  product?: Product;

  @Column('timestamptz', { nullable: true })
  startsAt: Date | null;

  @Column('timestamptz', { nullable: true })
  endsAt: Date | null;

  @Column('integer', { default: 0 })
  sortOrder: number;
}
