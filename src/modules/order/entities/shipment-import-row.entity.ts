import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ShipmentImport } from './shipment-import.entity';

export enum ShipmentImportRowStatus {
  Shipped = 'shipped',
  Failed = 'failed',
}

/**
 * The outcome of one CSV row. A shipped row commits with its shipment, so a row here means its parcel is
 * done: a retried job skips it.
 */
@Entity('shipment_import_rows')
@Check('shipment_import_rows_status_check', `"status" IN ('shipped', 'failed')`)
@Index('shipment_import_rows_import_id_line_key', ['importId', 'line'], { unique: true })
export class ShipmentImportRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  importId: string;

  @ManyToOne(() => ShipmentImport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'shipment_import_rows_import_id_fkey' })
  import?: ShipmentImport;

  /** Line of the CSV where the row starts (the header is line 1). */
  @Column('integer')
  line: number;

  @Column('text')
  orderNumber: string;

  @Column('text')
  carrier: string;

  @Column('text')
  trackingNumber: string;

  @Column('text', { nullable: true })
  skuCode: string | null;

  @Column('integer', { nullable: true })
  quantity: number | null;

  @Column('text')
  status: ShipmentImportRowStatus;

  @Column('uuid', { nullable: true })
  orderId: string | null;

  @Column('uuid', { nullable: true })
  shipmentId: string | null;

  /** The error code of a failed row (ORDER_NUMBER_UNKNOWN, SHIPMENT_EXCEEDS_ORDER, ...). */
  @Column('text', { nullable: true })
  code: string | null;

  @Column('text', { nullable: true })
  message: string | null;
}
