import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, bigintNumber } from '../../../common/database';
import type { Currency } from '../../../common/money';
import type { SpecDefinition } from '../domain/sku-specs';
import { ProductStatus } from '../domain/shelf';
import { Brand } from './brand.entity';
import { Category } from './category.entity';
import { Supplier } from './supplier.entity';

@Entity('products')
@Check('products_status_check', `"status" IN ('draft', 'on_shelf', 'off_shelf')`)
@Index('products_created_at_idx', ['createdAt'])
// Covers the shelf rule, so counting what is on the shelf reads this index alone (index-only scan), not the rows.
@Index('products_shelf_idx', ['status', 'publishAt', 'unpublishAt'])
export class Product extends BaseEntity {
  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  subtitle: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Index('products_category_id_idx')
  @Column('uuid')
  categoryId: string;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'products_category_id_fkey' })
  category?: Category;

  @Index('products_brand_id_idx')
  @Column('uuid', { nullable: true })
  brandId: string | null;

  @ManyToOne(() => Brand, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'brand_id', foreignKeyConstraintName: 'products_brand_id_fkey' })
  brand?: Brand;

  @Index('products_supplier_id_idx')
  @Column('uuid', { nullable: true })
  supplierId: string | null;

  @ManyToOne(() => Supplier, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supplier_id', foreignKeyConstraintName: 'products_supplier_id_fkey' })
  supplier?: Supplier;

  @Index('products_tags_idx', { type: 'gin' })
  @Column('text', { array: true, default: '{}' })
  tags: string[];

  @Column('text', { array: true, default: '{}' })
  images: string[];

  @Column('jsonb', { default: [] })
  specs: SpecDefinition[];

  @Column('text', { default: ProductStatus.Draft })
  status: ProductStatus;

  /** When a product not on the shelf goes on it (see domain/shelf.ts). */
  @Index('products_publish_at_idx', { where: '"publish_at" IS NOT NULL' })
  @Column('timestamptz', { nullable: true })
  publishAt: Date | null;

  /** When a product comes off the shelf. */
  @Index('products_unpublish_at_idx', { where: '"unpublish_at" IS NOT NULL' })
  @Column('timestamptz', { nullable: true })
  unpublishAt: Date | null;

  /** Last time it went on the shelf. */
  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  /** The lowest price among active SKUs, in fen: what lists show, filter and sort by. */
  @Index('products_price_idx')
  @Column('bigint', { transformer: bigintNumber })
  price: number;

  /** The original price of that cheapest SKU, if it has one. */
  @Column('bigint', { nullable: true, transformer: bigintNumber })
  originalPrice: number | null;

  @Column('text', { default: 'CNY' })
  currency: Currency;

  /** Units sold, counted by the order module through CatalogService.addSales. */
  @Index('products_sales_idx')
  @Column('integer', { default: 0 })
  sales: number;

  /** Search tokens of the title (domain/search-tokens.ts), queried with `@>`. */
  @Index('products_search_tokens_idx', { type: 'gin' })
  @Column('text', { array: true, default: '{}' })
  searchTokens: string[];
}
