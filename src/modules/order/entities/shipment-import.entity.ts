import { Check, Column, Entity } from 'typeorm';
import { CSV_IMPORT_STATUS_CHECK, CsvImportEntity } from '../../../common/csv/csv-import';

/** One uploaded batch-shipping CSV and its progress; the rows' outcomes are in shipment_import_rows. */
@Entity('shipment_imports')
@Check('shipment_imports_status_check', CSV_IMPORT_STATUS_CHECK)
export class ShipmentImport extends CsvImportEntity {
  /** The staff member who uploaded it: the shipments are recorded as theirs. */
  @Column('uuid')
  createdBy: string;
}
