import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../auth';
import { DomainError, ErrorCode } from '../errors';
import { InjectRedis } from '../redis/redis.module';

// Short, so that a load balancer's probe answers before its own timeout even when a dependency hangs.
const CHECK_TIMEOUT_MS = 1000;

const INDICATOR = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    responseTime: { type: 'number', description: 'milliseconds' },
    message: { type: 'string', description: 'why it is down' },
  },
};

@ApiTags('ops')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  /** Readiness: Postgres answers `SELECT 1` and Redis answers `PING`, each within a second. */
  @Get()
  @ApiOperation({ summary: 'Readiness: the database and Redis answer (503 names the one that does not)' })
  @ApiOkResponse({
    description: 'Every dependency answers',
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: { type: 'object', additionalProperties: INDICATOR },
        error: { type: 'object', additionalProperties: INDICATOR },
        details: { type: 'object', additionalProperties: INDICATOR },
      },
      example: {
        status: 'ok',
        info: { database: { status: 'up', responseTime: 2 }, redis: { status: 'up', responseTime: 1 } },
        error: {},
        details: { database: { status: 'up', responseTime: 2 }, redis: { status: 'up', responseTime: 1 } },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down: a problem+json answer (code SERVICE_UNAVAILABLE) whose `error` names it',
    schema: {
      type: 'object',
      example: {
        type: 'urn:commerce:problem:service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        detail: 'Unhealthy: redis',
        health: 'error',
        info: { database: { status: 'up', responseTime: 2 } },
        error: { redis: { status: 'down', message: 'timeout of 1000ms exceeded', responseTime: 1001 } },
        details: {
          database: { status: 'up', responseTime: 2 },
          redis: { status: 'down', message: 'timeout of 1000ms exceeded', responseTime: 1001 },
        },
      },
    },
  })
  // No-cache headers; the responses above replace terminus' own description of its body.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('redis')
            .attempt(async () => {
              // The shared client fails at once while disconnected (no offline queue); the timeout covers a hung server.
              await this.redis.ping();
            })
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      throw unhealthy(error);
    }
  }

  /** Liveness: the process runs and its event loop turns. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: answers 200 whenever the process runs' })
  @ApiOkResponse({ description: 'The process is alive', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

// Terminus reports failure as a 503 HttpException with its result as the body; keep that result
// (info, error, details) inside our problem+json answer instead of a generic 503.
function unhealthy(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const down = Object.keys(result.error ?? {});
  return new DomainError(
    ErrorCode.SERVICE_UNAVAILABLE,
    503,
    down.length ? `Unhealthy: ${down.join(', ')}` : 'The service is shutting down',
    { health: result.status, info: result.info ?? {}, error: result.error ?? {}, details: result.details ?? {} },
  );
}
