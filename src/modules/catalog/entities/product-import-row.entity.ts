import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ProductImport } from './product-import.entity';

export enum ImportRowStatus {
  Created = 'created',
  Failed = 'failed',
}

/** The outcome of one CSV row. */
@Entity('product_import_rows')
@Check('product_import_rows_status_check', `"status" IN ('created', 'failed')`)
@Index('product_import_rows_import_id_line_key', ['importId', 'line'], { unique: true })
export class ProductImportRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  importId: string;

  @ManyToOne(() => ProductImport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'product_import_rows_import_id_fkey' })
  import?: ProductImport;

  /** Line of the CSV where the row starts (the header is line 1). */
  @Column('integer')
  line: number;

  @Column('text', { nullable: true })
  productKey: string | null;

  @Column('text', { nullable: true })
  skuCode: string | null;

  @Column('text')
  status: ImportRowStatus;

  @Column('uuid', { nullable: true })
  productId: string | null;

  @Column('uuid', { nullable: true })
  skuId: string | null;

  @Column('text', { nullable: true })
  message: string | null;
}
