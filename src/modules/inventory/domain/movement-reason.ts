/** Why staff changed a SKU's stock by hand. */
export enum AdjustmentReason {
  StockTake = 'stock_take',
  Damage = 'damage',
  Restock = 'restock',
  Return = 'return',
  Correction = 'correction',
}

/** Why the stock moved, as written on the ledger: a staff adjustment or a system operation. */
export enum MovementReason {
  StockTake = 'stock_take',
  Damage = 'damage',
  Restock = 'restock',
  Return = 'return',
  Correction = 'correction',
  /** The SKU's opening stock, when the catalog creates it. */
  Initial = 'initial',
  /** Units held for an order (reserved up, onHand unchanged). */
  Reserve = 'reserve',
  /** A held order's units given back (cancel, timeout). */
  Release = 'release',
  /** Held units leaving the warehouse (shipped): onHand and reserved both down. */
  Commit = 'commit',
  /** Units of a returned order put back on the shelf. */
  ReturnRestock = 'return_restock',
}
