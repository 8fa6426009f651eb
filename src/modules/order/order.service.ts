import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction, pgErrorCode } from '../../common/database';
import { OutboxService } from '../../common/outbox';
import { PageQueryDto } from '../../common/pagination';
import { Environment } from '../../config/environment';
import { CartService } from '../cart/cart.service';
import { InventoryService } from '../inventory/inventory.service';
import { AddressService } from '../membership/address.service';
import { ActorType, ALL_STATUSES, expiresUnpaid, OrderStatus } from './domain/order-status';
import {
  CheckoutPreviewResponseDto,
  CreateOrderDto,
  OrderDetailResponseDto,
  OrderListResponseDto,
  OrderResponseDto,
  OrderStatusCountsResponseDto,
} from './dto/order.dto';
import { OrderLine } from './entities/order-line.entity';
import { AddressSnapshot, Order } from './entities/order.entity';
import { stockReference } from './order-lifecycle.service';
import { OrderTimeoutScheduler } from './order-timeout.scheduler';
import { NothingToOrderError, OrderNotFoundError } from './order.errors';
import { OrderCreatedPayload, OrderEvent } from './order.events';
import { toDetail, toOrderResponse, toPreview } from './order.mapper';
import { OrderRepository } from './order.repository';
import { PricedOrder, PricingService } from './pricing.service';

const PG_UNIQUE_VIOLATION = '23505';

interface Checkout {
  lines: { skuId: string; quantity: number }[];
  /** Cart lines the order takes (and removes); empty for "buy now" items. */
  cartLineIds: string[];
  address: AddressSnapshot | null;
  priced: PricedOrder;
}

/** Checkout preview, order placement and the shopper's order views. Status changes: OrderLifecycleService. */
@Injectable()
export class OrderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OrderRepository,
    private readonly pricing: PricingService,
    private readonly cart: CartService,
    private readonly addresses: AddressService,
    private readonly inventory: InventoryService,
    private readonly outbox: OutboxService,
    private readonly timeouts: OrderTimeoutScheduler,
    private readonly env: Environment,
  ) {}

  /** What the order would cost, by the same pipeline as placing it; writes nothing. */
  async preview(customerId: string, dto: CreateOrderDto): Promise<CheckoutPreviewResponseDto> {
    const { priced } = await this.checkout(this.dataSource.manager, customerId, dto, false);
    return toPreview(priced);
  }

  /**
   * Places an order in one transaction: catalog prices, stock held for every line or none, the order
   * and its lines with their snapshot, the cart lines it took removed, order.created published.
   * The same (customer, Idempotency-Key) answers the order it first created.
   */
  async create(customerId: string, dto: CreateOrderDto, idempotencyKey: string | null): Promise<OrderResponseDto> {
    let created: { order: Order; lines: OrderLine[] };
    try {
      created = await inTransaction(this.dataSource, (em) => this.place(em, customerId, dto, idempotencyKey));
    } catch (error) {
      // A concurrent request with the same key committed first (the interceptor normally answers it).
      if (idempotencyKey && pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
        const existing = await this.repository.findByIdempotencyKey(this.dataSource.manager, customerId, idempotencyKey);
        if (existing) return toOrderResponse(existing, await this.repository.lines(this.dataSource.manager, [existing.id]));
      }
      throw error;
    }
    if (created.order.expiresAt) await this.timeouts.schedule(created.order.id, created.order.expiresAt);
    return toOrderResponse(created.order, created.lines);
  }

  async list(customerId: string, status: OrderStatus | undefined, query: PageQueryDto): Promise<OrderListResponseDto> {
    const em = this.dataSource.manager;
    const [[orders, total], counts] = await Promise.all([
      this.repository.listForCustomer(em, customerId, status, query.offset, query.pageSize),
      this.repository.countsByStatus(em, customerId),
    ]);
    const lines = await this.repository.lines(
      em,
      orders.map((o) => o.id),
    );
    return {
      items: orders.map((o) =>
        toOrderResponse(
          o,
          lines.filter((l) => l.orderId === o.id),
        ),
      ),
      total,
      page: query.page,
      pageSize: query.pageSize,
      counts: Object.fromEntries(ALL_STATUSES.map((s) => [s, counts.get(s) ?? 0])) as unknown as OrderStatusCountsResponseDto,
    };
  }

  /** Another customer's order is not found. */
  async detail(customerId: string, orderId: string): Promise<OrderDetailResponseDto> {
    const em = this.dataSource.manager;
    const order = await this.repository.findForCustomer(em, customerId, orderId);
    if (!order) throw new OrderNotFoundError();
    const [lines, history, shipments, tracking] = await Promise.all([
      this.repository.lines(em, [order.id]),
      this.repository.history(em, order.id),
      this.repository.shipments(em, order.id),
      this.repository.trackingEvents(em, order.id),
    ]);
    return toDetail(order, lines, history, shipments, tracking);
  }

  private async place(em: EntityManager, customerId: string, dto: CreateOrderDto, idempotencyKey: string | null) {
    const { cartLineIds, address, priced } = await this.checkout(em, customerId, dto, true);
    const { breakdown, skus, pickupStore } = priced;
    const stockLines = breakdown.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
    await this.inventory.checkAvailable(em, stockLines);
    const id = randomUUID();
    const expiresAt = expiresUnpaid(dto.deliveryMethod)
      ? new Date(Date.now() + this.env.ORDER_PAYMENT_TIMEOUT_SECONDS * 1000)
      : null;
    // The order row first: a concurrent duplicate of the same key waits here on the unique index.
    const order = em.getRepository(Order).create({
      id,
      number: await this.repository.nextNumber(em),
      customerId,
      status: OrderStatus.PendingPayment,
      deliveryMethod: dto.deliveryMethod,
      currency: breakdown.currency,
      subtotal: breakdown.subtotal,
      shippingTotal: breakdown.shippingTotal,
      discountTotal: breakdown.discountTotal,
      total: breakdown.total,
      adjustments: breakdown.adjustments,
      address,
      pickupStoreId: dto.pickupStoreId ?? null,
      pickupStore: pickupStore
        ? { id: pickupStore.id, name: pickupStore.name, address: pickupStore.address, hours: pickupStore.hours }
        : null,
      // Shown by the shopper at the store; staff check it when handing the goods over.
      pickupCode: pickupStore ? String(randomInt(0, 100_000_000)).padStart(8, '0') : null,
      note: dto.note ?? null,
      idempotencyKey,
      expiresAt,
      paidAt: null,
      shippedAt: null,
      completedAt: null,
      cancelledAt: null,
      cancelReason: null,
    });
    await em.getRepository(Order).insert(order);
    const lines = breakdown.lines.map((line) => {
      const sku = skus.get(line.skuId)!;
      return em.getRepository(OrderLine).create({
        id: randomUUID(),
        orderId: id,
        productId: line.productId,
        skuId: line.skuId,
        skuCode: sku.code,
        title: sku.productTitle,
        image: sku.image,
        specs: sku.specs ?? {},
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        lineSubtotal: line.lineSubtotal,
        discountTotal: line.discountTotal,
        lineTotal: line.lineTotal,
        adjustments: line.adjustments,
      });
    });
    await em.getRepository(OrderLine).insert(lines);
    // Every line or none: OUT_OF_STOCK (409, naming the SKU) rolls the whole order back.
    await this.inventory.reserve(em, stockReference(id), stockLines);
    await this.repository.recordTransition(
      em,
      id,
      null,
      OrderStatus.PendingPayment,
      { type: ActorType.Customer, id: customerId },
      'order placed',
    );
    await this.cart.removeLines(em, customerId, cartLineIds);
    await this.outbox.publish<OrderCreatedPayload>(
      em,
      OrderEvent.Created,
      {
        orderId: id,
        number: order.number,
        customerId,
        deliveryMethod: order.deliveryMethod,
        subtotal: order.subtotal,
        shippingTotal: order.shippingTotal,
        discountTotal: order.discountTotal,
        total: order.total,
        currency: order.currency,
        lines: lines.map((l) => ({ skuId: l.skuId, productId: l.productId, quantity: l.quantity, lineTotal: l.lineTotal })),
      },
      id,
    );
    // The insert filled in what the database generated (timestamps): nothing to read back.
    return { order, lines };
  }

  // The lines (given items, or the cart's selected lines), the address snapshot and the price.
  private async checkout(em: EntityManager, customerId: string, dto: CreateOrderDto, lockCart: boolean): Promise<Checkout> {
    // Whether the method needs an address or a pickup store is the shipping step's to say (ADDRESS_REQUIRED, PICKUP_STORE_REQUIRED).
    let lines: { skuId: string; quantity: number }[];
    let cartLineIds: string[] = [];
    if (dto.items) {
      lines = mergeBySku(dto.items);
    } else {
      const cartLines = lockCart ? await this.cart.lockSelectedLines(em, customerId) : await this.cart.selectedLines(customerId);
      if (!cartLines.length) throw new NothingToOrderError();
      lines = mergeBySku(cartLines);
      cartLineIds = cartLines.map((l) => l.id);
    }
    const address = dto.addressId ? snapshot(await this.addresses.get(customerId, dto.addressId, em)) : null;
    const priced = await this.pricing.price(em, {
      customerId,
      lines,
      deliveryMethod: dto.deliveryMethod,
      address: address ? { province: address.province, city: address.city, district: address.district } : undefined,
      pickupStoreId: dto.pickupStoreId,
    });
    return { lines, cartLineIds, address, priced };
  }
}

function mergeBySku(items: readonly { skuId: string; quantity: number }[]) {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.skuId.toLowerCase(), (merged.get(item.skuId.toLowerCase()) ?? 0) + item.quantity);
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
}

function snapshot(address: AddressSnapshot): AddressSnapshot {
  const { name, phone, province, city, district, detail, postalCode } = address;
  return { name, phone, province, city, district, detail, postalCode };
}
