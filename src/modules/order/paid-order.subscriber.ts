import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent, EventBus } from '../../common/outbox';
import { formatMajor } from '../../common/money';
import { NotificationService } from '../notification/notification.service';
import { OrderEvent, OrderStatusChangedPayload } from './order.events';

/**
 * A newly paid order notifies the merchant (notification list, webhook, email, SMS as configured).
 * The event bus runs this once per event, and the event id is the notification's dedupe key besides.
 */
@Injectable()
export class PaidOrderSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifications: NotificationService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<OrderStatusChangedPayload>(OrderEvent.Paid, 'order.notify-merchant-paid', (event, em) =>
      this.handle(event, em),
    );
  }

  async handle(event: DomainEvent<OrderStatusChangedPayload>, em: EntityManager): Promise<void> {
    const p = event.payload;
    await this.notifications.notify(em, {
      type: OrderEvent.Paid,
      title: `New paid order ${p.number}`,
      body: `Order ${p.number} was paid: ${formatMajor(p.total)} ${p.currency}.`,
      data: { orderId: p.orderId, number: p.number, total: p.total, currency: p.currency, eventId: event.id },
      dedupeKey: `${OrderEvent.Paid}:${event.id}`,
    });
  }
}
