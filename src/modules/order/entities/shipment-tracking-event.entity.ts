import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TrackingSource, TrackingStatus } from '../domain/tracking';
import { OrderShipment } from './order-shipment.entity';

/** One step in a parcel's journey, as a carrier or Kuaidi100 reported it. Append-only. */
@Entity('shipment_tracking_events')
// Kuaidi100 re-pushes the whole history every time: an event is stored once. Also serves reads by shipment.
@Unique('shipment_tracking_events_dedupe_key', ['shipmentId', 'occurredAt', 'descriptionHash'])
export class ShipmentTrackingEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  shipmentId: string;

  @ManyToOne(() => OrderShipment, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shipment_id' })
  shipment?: OrderShipment;

  @Column('timestamptz')
  occurredAt: Date;

  /** Normalised; null when the sender did not say. */
  @Column('text', { nullable: true })
  status: TrackingStatus | null;

  @Column('text')
  description: string;

  /** MD5 of the description, for the unique key. */
  @Column('text')
  descriptionHash: string;

  @Column('text', { nullable: true })
  location: string | null;

  @Column('text')
  source: TrackingSource;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
