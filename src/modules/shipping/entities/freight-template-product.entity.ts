import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FreightTemplate } from './freight-template.entity';

/**
 * A product's freight template. Kept here rather than as a catalog column: the catalog's tables
 * belong to the catalog. One row per product; no row means the store default template.
 */
@Entity('freight_template_products')
export class FreightTemplateProduct {
  @PrimaryColumn('uuid')
  productId: string;

  @Index('freight_template_products_template_id_idx')
  @Column('uuid')
  templateId: string;

  @ManyToOne(() => FreightTemplate, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'template_id' })
  template?: FreightTemplate;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
