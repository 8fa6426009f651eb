import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OUTBOX_PENDING, OutboxService } from './outbox.service';

// Wakes the in-process relay right after a transaction that published an event commits, so that
// delivery latency is not the poll interval. Savepoint commits are ignored: only the outer COMMIT counts.
@Injectable()
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(
    dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {
    dataSource.subscribers.push(this);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive || !queryRunner.data[OUTBOX_PENDING]) return;
    delete queryRunner.data[OUTBOX_PENDING];
    this.outbox.wake();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) delete queryRunner.data[OUTBOX_PENDING];
  }
}
