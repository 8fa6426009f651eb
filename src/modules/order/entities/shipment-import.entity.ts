import { Check, Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../common/database';

export enum ShipmentImportStatus {
  Queued = 'queued',
  Processing = 'processing',
  Completed = 'completed',
  Failed = 'failed',
}

/** One uploaded batch-shipping CSV and its progress; the rows' outcomes are in shipment_import_rows. */
@Entity('shipment_imports')
@Check('shipment_imports_status_check', `"status" IN ('queued', 'processing', 'completed', 'failed')`)
export class ShipmentImport extends BaseEntity {
  @Column('text', { default: ShipmentImportStatus.Queued })
  status: ShipmentImportStatus;

  /** The uploaded file, read by the job (kept so a retried job reads the same rows). */
  @Column('text')
  csv: string;

  @Column('integer', { default: 0 })
  totalRows: number;

  /** Why the whole batch failed (the job ran out of attempts); row failures are per row. */
  @Column('text', { nullable: true })
  error: string | null;

  /** The staff member who uploaded it: the shipments are recorded as theirs. */
  @Column('uuid')
  createdBy: string;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
