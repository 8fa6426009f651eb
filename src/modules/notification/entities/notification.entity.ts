import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** A message for the merchant's staff (low stock, a paid order), listed in the admin and delivered to channels. */
@Entity('notifications')
@Index('notifications_created_at_idx', ['createdAt'])
@Index('notifications_unread_created_at_idx', ['createdAt'], { where: '"read_at" IS NULL' })
export class Notification extends BaseEntity {
  /** What happened, `module.event` (e.g. `inventory.low-stock`); also the webhook's X-Commerce-Event. */
  @Column('text')
  type: string;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  /** Machine-readable details (ids, quantities) for the admin UI and the webhook receiver. */
  @Column('jsonb', { default: () => "'{}'" })
  data: Record<string, unknown>;

  /** The producer's idempotency key: a replayed event or job creates nothing new. */
  @Index('notifications_dedupe_key_key', { unique: true })
  @Column('text')
  dedupeKey: string;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;
}
