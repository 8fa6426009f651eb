import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per (consumer, event) handled: the insert shares the handler's transaction, so a redelivery is skipped. */
@Entity('processed_events')
export class ProcessedEvent {
  @PrimaryColumn({ type: 'text' })
  consumer: string;

  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  processedAt: Date;
}
