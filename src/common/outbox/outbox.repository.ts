import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface OutboxRow {
  id: string;
  type: string;
  payload: unknown;
  aggregate_id: string | null;
  created_at: Date;
}

/** The outbox's SQL, in one place. Every method runs on the caller's EntityManager. */
@Injectable()
export class OutboxRepository {
  async insert(
    em: EntityManager,
    type: string,
    payload: unknown,
    aggregateId: string | null,
  ): Promise<{ id: string; created_at: Date }> {
    // Stringified by hand: node-postgres would turn a top-level array into a Postgres array.
    const [row] = await em.query(
      'INSERT INTO outbox_events (type, payload, aggregate_id) VALUES ($1, $2::jsonb, $3) RETURNING id, created_at',
      [type, JSON.stringify(payload), aggregateId],
    );
    return row;
  }

  // SKIP LOCKED lets several relays work side by side: each claims rows no other open transaction holds.
  claimUnpublished(em: EntityManager, limit: number): Promise<OutboxRow[]> {
    return em.query(
      `SELECT id, type, payload, aggregate_id, created_at FROM outbox_events
        WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markPublished(em: EntityManager, ids: string[]): Promise<void> {
    await em.query('UPDATE outbox_events SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])', [ids]);
  }

  async recordFailure(em: EntityManager, ids: string[], message: string): Promise<void> {
    await em.query(
      'UPDATE outbox_events SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[]) AND published_at IS NULL',
      [ids, message],
    );
  }

  async countUnpublished(em: EntityManager): Promise<number> {
    const [row] = await em.query('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL');
    return row.n;
  }

  /** True when this consumer had not handled the event yet; the row commits or rolls back with the handler. */
  async markProcessed(em: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const rows = await em.query(
      'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [consumer, eventId],
    );
    return rows.length > 0;
  }
}
