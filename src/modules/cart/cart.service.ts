import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { inTransaction } from '../../common/database';
import { ValidationError } from '../../common/errors';
import { DEFAULT_CURRENCY, multiply, sum } from '../../common/money';
import { CatalogService, SkuForSale } from '../catalog/catalog.service';
import { InventoryService } from '../inventory/inventory.service';
import {
  CartFullError,
  CartItemNotFoundError,
  QuantityExceedsStockError,
  SkuNotFoundError,
  SkuNotPurchasableError,
} from './cart.errors';
import { CartItem } from './entities/cart-item.entity';

export const MAX_CART_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

export enum StockState {
  InStock = 'in_stock',
  /** Some stock, but less than the line's quantity. */
  Insufficient = 'insufficient',
  OutOfStock = 'out_of_stock',
}

export interface CartLineView {
  id: string;
  skuId: string;
  productId: string | null;
  skuCode: string | null;
  title: string | null;
  image: string | null;
  specs: Record<string, string>;
  /** Current catalog price, fen. */
  unitPrice: number;
  quantity: number;
  selected: boolean;
  lineTotal: number;
  available: number;
  stockState: StockState;
  /** The product went off the shelf, the SKU was retired or removed: the line cannot be ordered. */
  offShelf: boolean;
}

export interface CartView {
  items: CartLineView[];
  /** Selected lines that can be ordered. */
  selectedCount: number;
  selectedQuantity: number;
  /** Total of the selected lines that can be ordered, fen. */
  selectedTotal: number;
  currency: string;
}

/** A cart line as the order module takes it. */
export interface CartLine {
  id: string;
  skuId: string;
  quantity: number;
}

/**
 * One cart per customer. Writes serialise on the customer (advisory lock) so the line limit and
 * the add-to-quantity rule hold under concurrent taps; quantities are checked against stock when
 * they grow. Prices and stock are never stored here: the answer always shows the current ones.
 */
@Injectable()
export class CartService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly inventory: InventoryService,
  ) {}

  async view(customerId: string): Promise<CartView> {
    const items = await this.dataSource.getRepository(CartItem).find({
      where: { customerId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    const skuIds = items.map((i) => i.skuId);
    const [skus, stock] = await Promise.all([this.catalog.skusForSale(skuIds), this.inventory.availability(skuIds)]);
    const byId = new Map(skus.map((s) => [s.skuId, s]));
    const lines = items.map((item) => toLine(item, byId.get(item.skuId), stock.get(item.skuId) ?? 0));
    const orderable = lines.filter((l) => l.selected && !l.offShelf);
    return {
      items: lines,
      selectedCount: orderable.length,
      selectedQuantity: orderable.reduce((n, l) => n + l.quantity, 0),
      selectedTotal: sum(orderable.map((l) => l.lineTotal)),
      currency: skus[0]?.currency ?? DEFAULT_CURRENCY,
    };
  }

  /** Adds `quantity` of a SKU; a SKU already in the cart grows by that much and becomes selected. */
  async addItem(customerId: string, skuId: string, quantity: number): Promise<CartView> {
    await inTransaction(this.dataSource, async (em) => {
      await lockCart(em, customerId);
      const sku = await this.saleableSku(em, skuId);
      const repo = em.getRepository(CartItem);
      const existing = await repo.findOneBy({ customerId, skuId });
      const total = (existing?.quantity ?? 0) + quantity;
      checkQuantity(total);
      if (!existing && (await repo.countBy({ customerId })) >= MAX_CART_LINES) throw new CartFullError(MAX_CART_LINES);
      await this.checkStock(em, sku, total);
      if (existing) await repo.update({ id: existing.id }, { quantity: total, selected: true });
      else await repo.insert({ customerId, skuId, quantity: total, selected: true });
    });
    return this.view(customerId);
  }

  /** Sets a line's quantity and/or whether it is selected. A quantity may always shrink; it may grow only within stock. */
  async updateItem(customerId: string, id: string, change: { quantity?: number; selected?: boolean }): Promise<CartView> {
    await inTransaction(this.dataSource, async (em) => {
      await lockCart(em, customerId);
      const repo = em.getRepository(CartItem);
      const item = await repo.findOneBy({ id, customerId });
      if (!item) throw new CartItemNotFoundError();
      if (change.quantity !== undefined && change.quantity > item.quantity) {
        checkQuantity(change.quantity);
        await this.checkStock(em, await this.saleableSku(em, item.skuId), change.quantity);
      }
      await repo.update({ id }, { quantity: change.quantity ?? item.quantity, selected: change.selected ?? item.selected });
    });
    return this.view(customerId);
  }

  async removeItem(customerId: string, id: string): Promise<CartView> {
    const { affected } = await this.dataSource.getRepository(CartItem).delete({ id, customerId });
    if (!affected) throw new CartItemNotFoundError();
    return this.view(customerId);
  }

  /** Selects or deselects every line. */
  async selectAll(customerId: string, selected: boolean): Promise<CartView> {
    await this.dataSource.getRepository(CartItem).update({ customerId }, { selected });
    return this.view(customerId);
  }

  /** Removes the selected lines. */
  async removeSelected(customerId: string): Promise<CartView> {
    await this.dataSource.getRepository(CartItem).delete({ customerId, selected: true });
    return this.view(customerId);
  }

  /** The selected lines (a checkout preview). */
  async selectedLines(customerId: string): Promise<CartLine[]> {
    const items = await this.dataSource.getRepository(CartItem).find({
      where: { customerId, selected: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return items.map(({ id, skuId, quantity }) => ({ id, skuId, quantity }));
  }

  /**
   * The selected lines, locked for the caller's transaction (an order being placed), so that two
   * orders from one cart cannot both take the same lines.
   */
  async lockSelectedLines(em: EntityManager, customerId: string): Promise<CartLine[]> {
    await lockCart(em, customerId);
    const items = await em.getRepository(CartItem).find({
      where: { customerId, selected: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return items.map(({ id, skuId, quantity }) => ({ id, skuId, quantity }));
  }

  /** Removes lines the caller's order took, in its transaction. */
  async removeLines(em: EntityManager, customerId: string, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await em.getRepository(CartItem).delete({ customerId, id: In([...ids]) });
  }

  private async saleableSku(em: EntityManager, skuId: string): Promise<SkuForSale> {
    const [sku] = await this.catalog.skusForSale([skuId], em);
    if (!sku) throw new SkuNotFoundError(skuId);
    if (!sku.purchasable) throw new SkuNotPurchasableError(sku.skuId, sku.code);
    return sku;
  }

  private async checkStock(em: EntityManager, sku: SkuForSale, quantity: number): Promise<void> {
    const available = (await this.inventory.availability([sku.skuId], em)).get(sku.skuId) ?? 0;
    if (quantity > available) throw new QuantityExceedsStockError(sku.skuId, sku.code, quantity, available);
  }
}

function lockCart(em: EntityManager, customerId: string) {
  return em.query(`SELECT pg_advisory_xact_lock(hashtextextended('cart:' || $1, 0))`, [customerId]);
}

function checkQuantity(quantity: number) {
  if (quantity > MAX_LINE_QUANTITY) {
    throw new ValidationError(`A cart line holds at most ${MAX_LINE_QUANTITY} units`, [
      { field: 'quantity', messages: [`the line would hold ${quantity} units, more than ${MAX_LINE_QUANTITY}`] },
    ]);
  }
}

function toLine(item: CartItem, sku: SkuForSale | undefined, available: number): CartLineView {
  const unitPrice = sku?.price ?? 0;
  return {
    id: item.id,
    skuId: item.skuId,
    productId: sku?.productId ?? null,
    skuCode: sku?.code ?? null,
    title: sku?.productTitle ?? null,
    image: sku?.image ?? null,
    specs: sku?.specs ?? {},
    unitPrice,
    quantity: item.quantity,
    selected: item.selected,
    lineTotal: multiply(unitPrice, item.quantity),
    available: Math.max(available, 0),
    stockState: available <= 0 ? StockState.OutOfStock : available < item.quantity ? StockState.Insufficient : StockState.InStock,
    offShelf: !sku?.purchasable,
  };
}
