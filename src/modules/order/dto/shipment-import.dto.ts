import { ApiProperty } from '@nestjs/swagger';
import { ShipmentImportRowStatus } from '../entities/shipment-import-row.entity';
import { CsvImportStatus } from '../../../common/csv';

export class ShipmentImportRowResponseDto {
  /** CSV line where the row starts (the header is line 1). */
  line: number;
  orderNumber: string;
  carrier: string;
  trackingNumber: string;
  /** Set when the row ships part of the order. */
  skuCode: string | null;
  quantity: number | null;
  @ApiProperty({ enum: ShipmentImportRowStatus, enumName: 'ShipmentImportRowStatus' })
  status: ShipmentImportRowStatus;
  /** The order, once found. */
  orderId: string | null;
  /** The shipment of the row's parcel (rows of one parcel share it). */
  shipmentId: string | null;
  /**
   * Why the row did not ship: INVALID_SHIPMENT_ROW, ORDER_NUMBER_UNKNOWN, SKU_NOT_ON_ORDER,
   * ILLEGAL_ORDER_TRANSITION, SHIPMENT_EXCEEDS_ORDER.
   */
  code: string | null;
  message: string | null;
}

export class ShipmentImportResponseDto {
  id: string;
  @ApiProperty({ enum: CsvImportStatus, enumName: 'ShipmentImportStatus' })
  status: CsvImportStatus;
  /** Data rows in the file. */
  totalRows: number;
  /** Shipments recorded (a parcel may span several rows). */
  shippedParcels: number;
  shippedRows: number;
  failedRows: number;
  /** Why the whole batch failed, if it did. */
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Outcome of each processed row, by line. */
  @ApiProperty({ type: ShipmentImportRowResponseDto, isArray: true })
  rows: ShipmentImportRowResponseDto[];
}
