export * from './idempotency.errors';
export * from './idempotency.module';
export * from './idempotency.service';
export * from './idempotent.decorator';
export * from './request-hash';
