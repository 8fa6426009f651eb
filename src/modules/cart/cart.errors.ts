import { ConflictError, NotFoundError } from '../../common/errors';

// Codes are API: clients switch on them. Never rename one.
export enum CartErrorCode {
  /** The SKU exists but cannot be bought now (retired SKU, product off the shelf). */
  SKU_NOT_PURCHASABLE = 'SKU_NOT_PURCHASABLE',
  /** The line's quantity would exceed the SKU's available stock. */
  QUANTITY_EXCEEDS_STOCK = 'QUANTITY_EXCEEDS_STOCK',
  /** The cart already holds the most lines a cart may hold. */
  CART_FULL = 'CART_FULL',
}

export class CartItemNotFoundError extends NotFoundError {
  constructor() {
    super('Cart item');
  }
}

export class SkuNotFoundError extends NotFoundError {
  constructor(skuId: string) {
    super(`SKU ${skuId}`, { skuId });
  }
}

export class SkuNotPurchasableError extends ConflictError {
  constructor(skuId: string, skuCode: string) {
    super(`SKU ${skuCode} cannot be bought now`, CartErrorCode.SKU_NOT_PURCHASABLE, { skuId, skuCode });
  }
}

export class QuantityExceedsStockError extends ConflictError {
  constructor(skuId: string, skuCode: string, requested: number, available: number) {
    super(
      `SKU ${skuCode} has ${available} available, fewer than the ${requested} asked for`,
      CartErrorCode.QUANTITY_EXCEEDS_STOCK,
      { skuId, skuCode, requested, available },
    );
  }
}

export class CartFullError extends ConflictError {
  constructor(limit: number) {
    super(`A cart holds at most ${limit} lines`, CartErrorCode.CART_FULL, { limit });
  }
}
