import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Environment } from '../../config/environment';
import { ALL_QUEUES } from './queue-names';
import { WorkerShutdown } from './worker-shutdown';

const queues = ALL_QUEUES.map((name) => BullModule.registerQueue({ name }));

@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
        prefix: `${env.REDIS_PREFIX}:bull`,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    }),
    ...queues,
  ],
  providers: [WorkerShutdown],
  exports: queues,
})
export class QueueModule {}
