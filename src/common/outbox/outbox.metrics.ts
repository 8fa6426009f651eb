import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { OutboxRepository } from './outbox.repository';

/** `outbox_unpublished_events`: events committed but not yet on the queue. Growth means no relay is keeping up. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  private readonly logger = new Logger(OutboxMetrics.name);

  constructor(
    private readonly metrics: MetricsService,
    private readonly dataSource: DataSource,
    private readonly repository: OutboxRepository,
  ) {}

  onModuleInit(): void {
    const { dataSource, repository, logger } = this;
    new Gauge({
      name: 'outbox_unpublished_events',
      help: 'Domain events committed to the outbox and not yet relayed to the queue.',
      registers: [this.metrics.registry],
      async collect() {
        try {
          this.set(await repository.countUnpublished(dataSource.manager));
        } catch (error) {
          this.reset();
          logger.warn({ err: error }, 'could not count unpublished outbox events');
        }
      },
    });
  }
}
