import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../common/database';
import { deliveredAt, latestAt, pickShipments, TrackingEventInput, TrackingPush, TrackingSource } from './domain/tracking';
import { ShipmentNotFoundError, TrackingNumberAmbiguousError } from './shipment-tracking.errors';
import { ShipmentTrackingRepository } from './shipment-tracking.repository';

export interface TrackingReceipt {
  shipmentIds: string[];
  storedEvents: number;
}

/** Tracking pushes applied to shipments, whatever their source. */
@Injectable()
export class ShipmentTrackingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ShipmentTrackingRepository,
  ) {}

  /**
   * Stores each of the push's events once and moves the shipment's tracking state forward in time only. The
   * shipments' rows stay locked throughout, so that concurrent pushes of one parcel apply one after another and a
   * late, older push adds its missing events without taking the state back.
   */
  record(source: TrackingSource, push: TrackingPush): Promise<TrackingReceipt> {
    return inTransaction(this.dataSource, async (em) => {
      const candidates = await this.repository.lockByTrackingNumber(em, push.trackingNumber);
      const { shipments, ambiguous } = pickShipments(candidates, push.carrier, { strict: source === TrackingSource.Generic });
      if (ambiguous) throw new TrackingNumberAmbiguousError(push.trackingNumber, push.carrier);
      if (!shipments.length) throw new ShipmentNotFoundError();
      const events = distinct(push.events);
      const at = latestAt(events);
      let storedEvents = 0;
      for (const shipment of shipments) {
        storedEvents += await this.repository.insertEvents(em, shipment.id, source, events);
        if (at) await this.repository.advance(em, shipment.id, { state: push.state, at, deliveredAt: deliveredAt(push) });
      }
      return { shipmentIds: shipments.map((s) => s.id), storedEvents };
    });
  }
}

// The same event twice in one push would be one row anyway; dropping it here keeps the insert simple.
function distinct(events: readonly TrackingEventInput[]): TrackingEventInput[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = `${e.occurredAt.toISOString()}\n${e.description}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
