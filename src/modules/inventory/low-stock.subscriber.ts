import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent, EventBus } from '../../common/outbox';
import { NotificationService } from '../notification/notification.service';
import { INVENTORY_LOW_STOCK, LowStockPayload } from './inventory.events';

/**
 * Turns each low-stock crossing into one merchant notification. The event bus runs this once per
 * event (its processed-events row commits with the notification), and the notification's dedupe key
 * is the event id besides, so a replay creates nothing.
 */
@Injectable()
export class LowStockSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifications: NotificationService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<LowStockPayload>(INVENTORY_LOW_STOCK, 'inventory.notify-low-stock', (event, em) => this.handle(event, em));
  }

  async handle(event: DomainEvent<LowStockPayload>, em: EntityManager): Promise<void> {
    const p = event.payload;
    await this.notifications.notify(em, {
      type: INVENTORY_LOW_STOCK,
      title: `Low stock: ${p.skuCode}`,
      body: `SKU ${p.skuCode} has ${p.available} available (${p.onHand} on hand, ${p.reserved} reserved), below its threshold of ${p.threshold}.`,
      data: { ...p, eventId: event.id },
      dedupeKey: `${INVENTORY_LOW_STOCK}:${event.id}`,
    });
  }
}
