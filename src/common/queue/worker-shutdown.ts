import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/**
 * Drains every BullMQ worker (no new jobs, running ones finish) before the shutdown hooks close the
 * database and Redis connections those jobs still need. @nestjs/bullmq closes its workers only in
 * onApplicationShutdown, in the same phase as the connections and in no guaranteed order.
 */
@Injectable()
export class WorkerShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerShutdown.name);

  constructor(private readonly discovery: DiscoveryService) {}

  async beforeApplicationShutdown(): Promise<void> {
    const workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .flatMap((host) => {
        try {
          return [host.worker];
        } catch {
          return []; // never started (shutdown during start-up)
        }
      });
    if (!workers.length) return;
    this.logger.log(`closing ${workers.length} queue workers; running jobs finish first`);
    await Promise.all(workers.map((worker) => worker.close()));
    this.logger.log('queue workers closed');
  }
}
