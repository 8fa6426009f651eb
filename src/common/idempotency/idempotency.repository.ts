import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyKeyState } from './idempotency-key.entity';

export interface ClaimRequest {
  scope: string;
  key: string;
  method: string;
  route: string;
  requestHash: string;
  leaseSeconds: number;
  ttlHours: number;
  lockToken: string;
}

export interface StoredKey {
  id: string;
  method: string;
  route: string;
  requestHash: string;
  state: IdempotencyKeyState;
  lockedUntil: Date | null;
  responseStatus: number | null;
  responseBody: unknown;
  now: Date;
}

/** The only door to idempotency_keys. Each write is one conditional statement: no read-modify-write. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims (scope, key) for one run. Inserts a fresh claim; on conflict takes the row over only when
   * it has expired (a new request may use the key) or when it is the same request whose claimant's
   * lease ran out (its process presumably died). Returns the claim's id, or null when someone else
   * holds the key or it holds a stored answer. Concurrent claimants serialise on the row: one wins.
   */
  async claim(c: ClaimRequest): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys AS k
         (scope, key, method, route, request_hash, state, lock_token, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_flight', $6, now() + make_interval(secs => $7), now() + make_interval(hours => $8))
       ON CONFLICT (scope, key) DO UPDATE
         SET method = EXCLUDED.method, route = EXCLUDED.route, request_hash = EXCLUDED.request_hash,
             state = 'in_flight', lock_token = EXCLUDED.lock_token, locked_until = EXCLUDED.locked_until,
             response_status = NULL, response_body = NULL, expires_at = EXCLUDED.expires_at,
             created_at = now(), updated_at = now()
         WHERE k.expires_at <= now()
            OR (k.state = 'in_flight' AND k.locked_until <= now()
                AND k.method = EXCLUDED.method AND k.route = EXCLUDED.route AND k.request_hash = EXCLUDED.request_hash)
       RETURNING k.id`,
      [c.scope, c.key, c.method, c.route, c.requestHash, c.lockToken, c.leaseSeconds, c.ttlHours],
    );
    return rows[0]?.id ?? null;
  }

  async find(scope: string, key: string): Promise<StoredKey | null> {
    const rows: StoredKey[] = await this.dataSource.query(
      `SELECT id, method, route, request_hash AS "requestHash", state, locked_until AS "lockedUntil",
              response_status AS "responseStatus", response_body AS "responseBody", now() AS now
       FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()`,
      [scope, key],
    );
    return rows[0] ?? null;
  }

  /** Stores the answer, if the claim is still ours. */
  async complete(id: string, lockToken: string, status: number, body: unknown): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE idempotency_keys
       SET state = 'completed', response_status = $3, response_body = $4::jsonb,
           lock_token = NULL, locked_until = NULL, updated_at = now()
       WHERE id = $1 AND lock_token = $2`,
      [id, lockToken, status, body === undefined ? null : JSON.stringify(body)],
    );
    return affected > 0;
  }

  /** Forgets the claim, if it is still ours, so that a retry runs again. */
  async release(id: string, lockToken: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE id = $1 AND lock_token = $2`, [id, lockToken]);
  }

  /** Deletes expired keys in batches, so that no single statement holds many row locks for long. */
  async deleteExpired(batchSize = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const [, affected]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE id IN (
           SELECT id FROM idempotency_keys WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [batchSize],
      );
      total += affected;
      if (affected < batchSize) return total;
    }
  }
}
