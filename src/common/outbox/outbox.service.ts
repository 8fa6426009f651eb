import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent, EVENT_TYPE_PATTERN } from './domain-event';
import { OutboxRepository } from './outbox.repository';

/** Set on a transaction's QueryRunner when it wrote an event; read after its commit to wake the relay. */
export const OUTBOX_PENDING = 'outboxPending';

@Injectable()
export class OutboxService {
  private readonly wakeListeners = new Set<() => void>();

  constructor(private readonly repository: OutboxRepository) {}

  /**
   * Records an event in the caller's transaction: it is delivered if and only if that transaction
   * commits. `em` must belong to an open transaction (`inTransaction(dataSource, em => ...)`).
   */
  async publish<T extends object>(em: EntityManager, type: string, payload: T, aggregateId?: string): Promise<DomainEvent<T>> {
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error(`OutboxService.publish(${type}) needs the EntityManager of an open transaction`);
    }
    if (!EVENT_TYPE_PATTERN.test(type)) {
      throw new Error(`Event type "${type}" must look like module.verb (lower case, dot separated)`);
    }
    const row = await this.repository.insert(em, type, payload, aggregateId ?? null);
    runner.data[OUTBOX_PENDING] = true;
    return { id: row.id, type, occurredAt: row.created_at, aggregateId: aggregateId ?? null, payload };
  }

  /**
   * Asks a relay running in this process to look now rather than at its next poll. Called
   * automatically after a transaction that published commits; delivery never depends on it.
   */
  wake(): void {
    for (const listener of this.wakeListeners) listener();
  }

  onWake(listener: () => void): () => void {
    this.wakeListeners.add(listener);
    return () => this.wakeListeners.delete(listener);
  }
}
