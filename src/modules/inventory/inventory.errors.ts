import { ConflictError, NotFoundError } from '../../common/errors';

// Codes are API: the order module and clients switch on them. Never rename one.
export enum InventoryErrorCode {
  /** A reservation line asks for more than is available; names the SKU. */
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  /** A stock adjustment would take onHand below zero or below what is reserved. */
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  /** A reference was reserved before with other lines. */
  RESERVATION_MISMATCH = 'RESERVATION_MISMATCH',
}

export class StockItemNotFoundError extends NotFoundError {
  constructor(skuId: string) {
    super(`Stock of SKU ${skuId}`, { skuId });
  }
}

export class OutOfStockError extends ConflictError {
  constructor(skuId: string, skuCode: string, requested: number, available: number) {
    super(`SKU ${skuCode} has ${available} available, fewer than the ${requested} asked for`, InventoryErrorCode.OUT_OF_STOCK, {
      skuId,
      skuCode,
      requested,
      available,
    });
  }
}

export class InsufficientStockError extends ConflictError {
  constructor(skuId: string, skuCode: string, delta: number, onHand: number, reserved: number) {
    super(
      `Adjusting SKU ${skuCode} by ${delta} would leave ${onHand + delta} on hand with ${reserved} reserved; stock cannot go below zero or below what is reserved`,
      InventoryErrorCode.INSUFFICIENT_STOCK,
      { skuId, skuCode, delta, onHand, reserved, available: onHand - reserved },
    );
  }
}

export class ReservationMismatchError extends ConflictError {
  constructor(reference: string) {
    super(`Reference ${reference} already holds a reservation with other lines`, InventoryErrorCode.RESERVATION_MISMATCH, {
      reference,
    });
  }
}
