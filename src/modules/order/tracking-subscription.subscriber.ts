import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent, EventBus } from '../../common/outbox';
import { Kuaidi100Client } from './kuaidi100.client';
import { OrderEvent, OrderStatusChangedPayload } from './order.events';
import { OrderRepository } from './order.repository';

/**
 * A shipped order's waybills are subscribed at Kuaidi100 (when KUAIDI100_KEY is set), all at once: order.shipped
 * comes with the last unit, and Kuaidi100 pushes a waybill's whole history anyway, so an earlier partial
 * shipment loses nothing by waiting. A retry subscribes again; Kuaidi100 answers 501 (already) and that is done.
 */
@Injectable()
export class TrackingSubscriptionSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly repository: OrderRepository,
    private readonly kuaidi100: Kuaidi100Client,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<OrderStatusChangedPayload>(OrderEvent.Shipped, 'order.subscribe-tracking', (event, em) =>
      this.handle(event, em),
    );
  }

  async handle(event: DomainEvent<OrderStatusChangedPayload>, em: EntityManager): Promise<void> {
    if (!this.kuaidi100.isConfigured()) return;
    const [order, shipments] = await Promise.all([
      this.repository.findById(em, event.payload.orderId),
      this.repository.shipments(em, event.payload.orderId),
    ]);
    // One request per distinct waybill (two shipments may share a parcel). The calls run inside the handler's
    // transaction, each bounded by the client's timeout: a few seconds of one connection at worst.
    const waybills = new Map(shipments.map((s) => [`${s.carrier}\n${s.trackingNumber}`, s]));
    for (const s of waybills.values()) {
      await this.kuaidi100.subscribe({
        carrier: s.carrier,
        trackingNumber: s.trackingNumber,
        phone: order?.address?.phone ?? null,
      });
    }
  }
}
