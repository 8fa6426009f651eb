import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppOptions } from './bootstrap';
import { dataSourceOptions } from './common/database';
import { HealthModule } from './common/health/health.module';
import { IdempotencyJobsModule, IdempotencyModule } from './common/idempotency';
import { MetricsModule } from './common/metrics/metrics.module';
import { OutboxModule } from './common/outbox';
import { OutboxWorkerModule } from './common/outbox/outbox-worker.module';
import { QueueModule } from './common/queue/queue.module';
import { RedisModule } from './common/redis/redis.module';
import { ConfigModule } from './config/config.module';
import { Environment } from './config/environment';
import { CartModule } from './modules/cart/cart.module';
import { CatalogJobsModule, CatalogModule } from './modules/catalog/catalog.module';
import { IdentityModule } from './modules/identity/identity.module';
import { InventoryModule } from './modules/inventory/inventory.module';
import { MembershipModule } from './modules/membership/membership.module';
import { OpsModule } from './modules/ops/ops.module';
import { OrderJobsModule, OrderModule } from './modules/order/order.module';
import { PaymentJobsModule, PaymentModule } from './modules/payment/payment.module';
import { ShippingModule } from './modules/shipping/shipping.module';
import { NotificationJobsModule, NotificationModule } from './modules/notification/notification.module';

@Module({})
export class AppModule {
  static register(env: Environment, options: AppOptions): DynamicModule {
    const workerModules: DynamicModule['imports'] = options.workers
      ? [IdempotencyJobsModule, OutboxWorkerModule, NotificationJobsModule, CatalogJobsModule, OrderJobsModule, PaymentJobsModule]
      : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(env.DATABASE_URL, env.DATABASE_POOL_SIZE),
          migrationsRun: env.MIGRATIONS_RUN,
        }),
        RedisModule,
        QueueModule,
        MetricsModule,
        OutboxModule,
        IdempotencyModule,
        HealthModule,
        IdentityModule,
        MembershipModule,
        InventoryModule,
        NotificationModule,
        CatalogModule,
        CartModule,
        OrderModule,
        PaymentModule,
        OpsModule,
        ShippingModule,
        ...workerModules,
        ...(options.extraModules ?? []),
      ],
    };
  }
}
