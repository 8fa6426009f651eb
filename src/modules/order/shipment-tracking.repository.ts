import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { descriptionHash, TrackingEventInput, TrackingSource, TrackingStatus } from './domain/tracking';
import { OrderShipment } from './entities/order-shipment.entity';
import { ShipmentTrackingEvent } from './entities/shipment-tracking-event.entity';

/** The queries of tracking pushes; every method takes the caller's EntityManager. */
@Injectable()
export class ShipmentTrackingRepository {
  /** The shipments with this tracking number, locked in id order until the transaction ends. */
  lockByTrackingNumber(em: EntityManager, trackingNumber: string): Promise<OrderShipment[]> {
    return em.getRepository(OrderShipment).find({
      where: { trackingNumber },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Stores the events the shipment does not have yet; answers how many were new. */
  async insertEvents(
    em: EntityManager,
    shipmentId: string,
    source: TrackingSource,
    events: readonly TrackingEventInput[],
  ): Promise<number> {
    if (!events.length) return 0;
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(ShipmentTrackingEvent)
      .values(
        events.map((e) => ({
          shipmentId,
          occurredAt: e.occurredAt,
          status: e.status,
          description: e.description,
          descriptionHash: descriptionHash(e.description),
          location: e.location,
          source,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length;
  }

  /**
   * Moves the shipment's tracking state to that of a push whose newest event is at `at`, unless the shipment
   * already shows a newer one (a late, older push). A push that cannot tell the state keeps the one there.
   */
  async advance(
    em: EntityManager,
    shipmentId: string,
    { state, at, deliveredAt }: { state: TrackingStatus | null; at: Date; deliveredAt: Date | null },
  ): Promise<boolean> {
    const [, affected] = (await em.query(
      `UPDATE "order_shipments"
          SET "tracking_state" = COALESCE($2, "tracking_state"), "tracking_updated_at" = $3,
              "delivered_at" = COALESCE("delivered_at", $4), "updated_at" = now()
        WHERE "id" = $1 AND ("tracking_updated_at" IS NULL OR "tracking_updated_at" <= $3)`,
      [shipmentId, state, at, deliveredAt],
    )) as [unknown, number];
    return affected > 0;
  }
}
