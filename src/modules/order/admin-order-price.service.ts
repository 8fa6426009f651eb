import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../common/database';
import { ValidationError } from '../../common/errors';
import { OutboxService } from '../../common/outbox';
import { OrderStatus } from './domain/order-status';
import { PriceAdjustmentError, reprice, Repriced } from './domain/price-adjustment';
import { AdjustOrderPriceDto } from './dto/order.dto';
import { OrderLine } from './entities/order-line.entity';
import { OrderNote, OrderNoteKind } from './entities/order-note.entity';
import { Order } from './entities/order.entity';
import { OrderNotFoundError, OrderPriceLockedError } from './order.errors';
import { OrderEvent, OrderPriceAdjustedPayload } from './order.events';
import { OrderRepository } from './order.repository';

/**
 * Staff change what an unpaid order costs (改价). The order row is locked, so the change and a
 * payment arriving at the same moment are ordered: a payment started for the old amount can no longer
 * pay the order (markPaid checks the total) and is refunded; order.price-adjusted closes such payments
 * at their providers.
 */
@Injectable()
export class AdminOrderPriceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OrderRepository,
    private readonly outbox: OutboxService,
  ) {}

  async adjust(orderId: string, staffId: string, dto: AdjustOrderPriceDto): Promise<void> {
    await inTransaction(this.dataSource, async (em) => {
      const order = await this.repository.findByIdForUpdate(em, orderId);
      if (!order) throw new OrderNotFoundError();
      if (order.status !== OrderStatus.PendingPayment) throw new OrderPriceLockedError(orderId, order.status);
      const lines = await this.repository.lines(em, [orderId]);
      let repriced: Repriced;
      try {
        repriced = reprice({ lines, shippingTotal: order.shippingTotal, adjustments: order.adjustments }, dto);
      } catch (error) {
        if (!(error instanceof PriceAdjustmentError)) throw error;
        throw new ValidationError('The order cannot take this price', [{ field: error.field, messages: [error.message] }]);
      }
      for (const line of repriced.lines) {
        const { discountTotal, lineTotal, adjustments } = line;
        await em.getRepository(OrderLine).update({ id: line.id }, { discountTotal, lineTotal, adjustments });
      }
      const { total, shippingTotal, discountTotal, adjustments } = repriced;
      await em.getRepository(Order).update({ id: orderId }, { total, shippingTotal, discountTotal, adjustments });
      await em.getRepository(OrderNote).insert({
        orderId,
        staffId,
        kind: OrderNoteKind.PriceAdjusted,
        body: dto.reason,
        data: {
          from: { total: order.total, shippingTotal: order.shippingTotal, discountTotal: order.discountTotal },
          to: { total, shippingTotal, discountTotal },
        },
      });
      await this.outbox.publish<OrderPriceAdjustedPayload>(
        em,
        OrderEvent.PriceAdjusted,
        {
          orderId,
          number: order.number,
          customerId: order.customerId,
          previousTotal: order.total,
          total,
          currency: order.currency,
          staffId,
          reason: dto.reason,
        },
        orderId,
      );
    });
  }
}
