import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { EventBus } from '../../common/outbox';
import { PageQueryDto } from '../../common/pagination';
import { Environment } from '../../config/environment';
import { DeliveryMethod, OrderStatus } from '../order/domain/order-status';
import { OrderEvent, OrderPriceAdjustedPayload, OrderStatusChangedPayload } from '../order/order.events';
import { OrderService } from '../order/order.service';
import {
  AdminPaymentDetailResponseDto,
  AdminPaymentListResponseDto,
  CreatePaymentDto,
  ListPaymentsQueryDto,
  PaymentResponseDto,
} from './dto/payment.dto';
import { PaymentEventType } from './entities/payment-event.entity';
import { Payment, PaymentStatus } from './entities/payment.entity';
import { toAdminDetail, toAdminPayment, toPaymentResponse } from './payment.mapper';
import { OrderNotPayableError, PaymentNotFoundError, PaymentProviderFailedError } from './payment.errors';
import { PaymentRepository } from './payment.repository';
import { PaymentSettlementService } from './payment-settlement.service';
import { PaymentProviders } from './providers/payment-providers';

/** Our trade number: `P`, the time in base 36 and random hex, at most 32 characters of [A-Z0-9]. */
export const newOutTradeNo = () => `P${Date.now().toString(36)}${randomBytes(8).toString('hex')}`.toUpperCase();

/** Paying an order, the shopper's view of a payment, staff views, and closing payments of cancelled orders. */
@Injectable()
export class PaymentService implements OnModuleInit {
  private readonly logger = new Logger(PaymentService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentRepository,
    private readonly providers: PaymentProviders,
    private readonly settlement: PaymentSettlementService,
    private readonly orders: OrderService,
    private readonly bus: EventBus,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<OrderStatusChangedPayload>(OrderEvent.Cancelled, 'payment.close-pending', (event, em) =>
      this.closePending(em, event.payload.orderId, 'order cancelled'),
    );
    // A payment started for the old price can no longer pay the order; close it before the shopper tries.
    this.bus.subscribe<OrderPriceAdjustedPayload>(OrderEvent.PriceAdjusted, 'payment.close-superseded', (event, em) =>
      this.closePending(em, event.payload.orderId, 'order price adjusted', event.payload.total),
    );
  }

  /**
   * Starts paying an order through a provider. One pending payment per order at a time: a pending
   * payment of the same provider and amount is answered again (its client params still work), and
   * pending payments of other providers are closed at their provider first.
   */
  async create(customerId: string, orderId: string, dto: CreatePaymentDto): Promise<PaymentResponseDto> {
    const order = await this.orders.detail(customerId, orderId);
    const now = new Date();
    if (order.status !== OrderStatus.PendingPayment) throw new OrderNotPayableError(orderId, `it is ${order.status}`);
    if (order.deliveryMethod === DeliveryMethod.Cod) throw new OrderNotPayableError(orderId, 'it is paid on delivery');
    if (order.expiresAt && new Date(order.expiresAt) <= now) throw new OrderNotPayableError(orderId, 'its payment time is over');
    const provider = this.providers.get(dto.provider);
    const expiresAt = order.expiresAt
      ? new Date(order.expiresAt)
      : new Date(now.getTime() + this.env.ORDER_PAYMENT_TIMEOUT_SECONDS * 1000);

    const payment = await inTransaction(this.dataSource, async (em) => {
      await this.repository.lockOrder(em, orderId);
      const pending = await this.repository.pendingForOrder(em, orderId);
      const reusable = pending.find(
        (p) =>
          p.provider === provider.name &&
          p.amount === order.total &&
          p.currency === order.currency &&
          !p.needsReview &&
          (provider.suits?.(p.clientParams, { buyerId: dto.buyerId }) ?? true),
      );
      if (reusable) return reusable;
      for (const other of pending) await this.close(em, other, 'replaced by a new payment of the order');

      const outTradeNo = newOutTradeNo();
      let clientParams: Record<string, unknown>;
      try {
        ({ clientParams } = await provider.create({
          outTradeNo,
          amount: order.total,
          currency: 'CNY',
          description: `Order ${order.number}`,
          openid: dto.openid,
          buyerId: dto.buyerId,
          expiresAt,
        }));
      } catch (error) {
        this.logger.warn({ err: error }, `${provider.name} refused to create payment ${outTradeNo}`);
        throw new PaymentProviderFailedError(provider.name, 'the payment could not be created');
      }
      const created = await this.repository.insert(em, {
        orderId,
        customerId,
        provider: provider.name,
        amount: order.total,
        currency: order.currency,
        status: PaymentStatus.Pending,
        outTradeNo,
        providerTransactionId: null,
        refundedAmount: 0,
        needsReview: false,
        reviewReason: null,
        clientParams,
        paidAt: null,
      });
      await this.repository.recordEvent(em, {
        paymentId: created.id,
        provider: provider.name,
        type: PaymentEventType.StatusChanged,
        outcome: 'created',
        toStatus: PaymentStatus.Pending,
      });
      return created;
    });
    return toPaymentResponse(payment);
  }

  /** The shopper's own payment; anyone else's is not found. */
  async get(customerId: string, id: string): Promise<PaymentResponseDto> {
    const payment = await this.repository.findById(this.dataSource.manager, id);
    if (!payment || payment.customerId !== customerId) throw new PaymentNotFoundError();
    return toPaymentResponse(payment);
  }

  async list(query: ListPaymentsQueryDto): Promise<AdminPaymentListResponseDto> {
    const [items, total] = await this.repository.list(
      this.dataSource.manager,
      { orderId: query.orderId, status: query.status },
      (query as PageQueryDto).offset,
      query.pageSize,
    );
    return { items: items.map(toAdminPayment), total, page: query.page, pageSize: query.pageSize };
  }

  async detail(id: string): Promise<AdminPaymentDetailResponseDto> {
    const em = this.dataSource.manager;
    const payment = await this.repository.findById(em, id);
    if (!payment) throw new PaymentNotFoundError();
    const [events, refunds] = await Promise.all([this.repository.events(em, id), this.repository.refunds(em, id)]);
    return toAdminDetail(payment, events, refunds);
  }

  /**
   * order.cancelled: close the order's pending payments at their providers, so that nobody can pay a
   * cancelled order; order.price-adjusted: those of another amount than the new `total`. A payment the
   * provider will not close (already paid) stays pending; reconciliation finds its success and refunds
   * it, since it can no longer pay the order.
   */
  private async closePending(em: EntityManager, orderId: string, reason: string, total?: number): Promise<void> {
    await this.repository.lockOrder(em, orderId);
    for (const payment of await this.repository.pendingForOrder(em, orderId)) {
      if (payment.amount !== total) await this.close(em, payment, reason);
    }
  }

  private async close(em: EntityManager, payment: Payment, reason: string): Promise<void> {
    const provider = this.providers.find(payment.provider);
    try {
      if (provider) await provider.close(payment.outTradeNo);
    } catch (error) {
      this.logger.warn(
        { err: error },
        `${payment.provider} would not close payment ${payment.outTradeNo}; reconciliation will ask`,
      );
      return;
    }
    const locked = await this.repository.lockById(em, payment.id);
    if (!locked || locked.status !== PaymentStatus.Pending) return;
    await this.settlement.changeStatus(em, locked, PaymentStatus.Closed, {});
    this.logger.log(`closed payment ${payment.outTradeNo}: ${reason}`);
  }
}
