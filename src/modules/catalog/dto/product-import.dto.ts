import { ApiProperty } from '@nestjs/swagger';
import { ImportRowStatus } from '../entities/product-import-row.entity';
import { CsvImportStatus } from '../../../common/csv';

export class ProductImportRowResponseDto {
  /** CSV line where the row starts (the header is line 1). */
  line: number;
  productKey: string | null;
  skuCode: string | null;
  @ApiProperty({ enum: ImportRowStatus, enumName: 'ImportRowStatus' })
  status: ImportRowStatus;
  productId: string | null;
  skuId: string | null;
  /** Why the row was not imported. */
  message: string | null;
}

export class ProductImportResponseDto {
  id: string;
  @ApiProperty({ enum: CsvImportStatus, enumName: 'ImportStatus' })
  status: CsvImportStatus;
  /** Data rows in the file. */
  totalRows: number;
  createdProducts: number;
  createdSkus: number;
  failedRows: number;
  /** Why the whole import failed, if it did. */
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Outcome of each processed row, by line. */
  rows: ProductImportRowResponseDto[];
}
