import { Global, Module } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';
import { IdempotencyCleanupProcessor } from './jobs/idempotency-cleanup.processor';

/** Idempotency-Key support for any module's routes: put @Idempotent() on the route. */
@Global()
@Module({
  providers: [IdempotencyRepository, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}

/** The cleanup of expired keys; imported only where workers run. */
@Module({
  providers: [IdempotencyCleanupProcessor],
})
export class IdempotencyJobsModule {}
