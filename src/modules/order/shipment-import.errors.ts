import { ConflictError, DomainError, NotFoundError } from '../../common/errors';

// Codes are API: clients switch on them (and merchants read them in the batch report). Never rename one.
export enum ShipmentImportErrorCode {
  /** The CSV cannot be read at all (bad header, unclosed quote, no rows, too many): nothing is stored. */
  SHIPMENT_IMPORT_UNREADABLE = 'SHIPMENT_IMPORT_UNREADABLE',
  /** A row misses a required value or has a bad quantity, or one parcel mixes whole-order and per-SKU rows. */
  INVALID_SHIPMENT_ROW = 'INVALID_SHIPMENT_ROW',
  /** No order has the row's order_number. */
  ORDER_NUMBER_UNKNOWN = 'ORDER_NUMBER_UNKNOWN',
  /** The row's sku_code is not a line of that order. */
  SKU_NOT_ON_ORDER = 'SKU_NOT_ON_ORDER',
}

export class ShipmentImportUnreadableError extends DomainError {
  constructor(detail: string) {
    super(ShipmentImportErrorCode.SHIPMENT_IMPORT_UNREADABLE, 400, detail);
  }
}

export class ShipmentImportNotFoundError extends NotFoundError {
  constructor() {
    super('Shipment import');
  }
}

export class OrderNumberUnknownError extends DomainError {
  constructor(number: string) {
    super(ShipmentImportErrorCode.ORDER_NUMBER_UNKNOWN, 404, `No order has the number "${number}"`, { number });
  }
}

export class SkuNotOnOrderError extends ConflictError {
  constructor(number: string, skuCodes: string[]) {
    super(
      `Order ${number} has no line with sku_code ${skuCodes.map((c) => `"${c}"`).join(', ')}`,
      ShipmentImportErrorCode.SKU_NOT_ON_ORDER,
      { number, skuCodes },
    );
  }
}
