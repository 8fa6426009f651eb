import { Check, Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../common/database';

export enum ImportStatus {
  Queued = 'queued',
  Processing = 'processing',
  Completed = 'completed',
  Failed = 'failed',
}

/** One uploaded CSV and its progress; the rows' outcomes are in product_import_rows. */
@Entity('product_imports')
@Check('product_imports_status_check', `"status" IN ('queued', 'processing', 'completed', 'failed')`)
export class ProductImport extends BaseEntity {
  @Column('text', { default: ImportStatus.Queued })
  status: ImportStatus;

  /** The uploaded file, read by the job (kept so a retried job reads the same rows). */
  @Column('text')
  csv: string;

  @Column('integer', { default: 0 })
  totalRows: number;

  /** Why the whole import failed (an unreadable file); row failures are per row. */
  @Column('text', { nullable: true })
  error: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
