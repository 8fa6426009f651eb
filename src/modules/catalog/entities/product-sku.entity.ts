import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, bigintNumber } from '../../../common/database';
import type { Currency } from '../../../common/money';
import { Product } from './product.entity';

export enum SkuStatus {
  Active = 'active',
  /** Kept for the orders that name it; gone from the store and not for sale. */
  Retired = 'retired',
}

@Entity('product_skus')
@Check('product_skus_status_check', `"status" IN ('active', 'retired')`)
@Check(
  'product_skus_prices_check',
  `"price" >= 0 AND ("original_price" IS NULL OR "original_price" >= "price") AND ("member_price" IS NULL OR "member_price" >= 0)`,
)
@Index('product_skus_active_combination_key', ['productId', 'specKey'], { unique: true, where: `"status" = 'active'` })
export class ProductSku extends BaseEntity {
  @Index('product_skus_product_id_idx')
  @Column('uuid')
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'product_skus_product_id_fkey' })
  product?: Product;

  /** Unique in the whole store, retired SKUs included. */
  @Index('product_skus_code_key', { unique: true })
  @Column('text')
  code: string;

  @Column('jsonb', { default: {} })
  specs: Record<string, string>;

  /** The spec combination in canonical form (domain/sku-specs.ts specKey): unique among a product's active SKUs. */
  @Column('text')
  specKey: string;

  @Column('bigint', { transformer: bigintNumber })
  price: number;

  @Column('bigint', { nullable: true, transformer: bigintNumber })
  originalPrice: number | null;

  @Column('bigint', { nullable: true, transformer: bigintNumber })
  memberPrice: number | null;

  @Column('text', { default: 'CNY' })
  currency: Currency;

  @Column('integer', { nullable: true })
  weightGrams: number | null;

  @Column('text', { default: SkuStatus.Active })
  status: SkuStatus;

  @Column('integer', { default: 0 })
  sortOrder: number;
}
