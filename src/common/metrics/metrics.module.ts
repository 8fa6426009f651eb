import { Global, Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { QueueMetrics } from './queue-metrics';

/** Prometheus metrics at GET /metrics. Other modules add theirs to MetricsService.registry. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, HttpMetrics, QueueMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
