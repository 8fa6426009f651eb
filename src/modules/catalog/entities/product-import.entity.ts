import { Check, Column, Entity } from 'typeorm';
import { CSV_IMPORT_STATUS_CHECK, CsvImportEntity } from '../../../common/csv/csv-import';

/** One uploaded CSV and its progress; the rows' outcomes are in product_import_rows. */
@Entity('product_imports')
@Check('product_imports_status_check', CSV_IMPORT_STATUS_CHECK)
export class ProductImport extends CsvImportEntity {
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
