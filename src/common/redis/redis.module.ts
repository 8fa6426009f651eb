import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Environment } from '../../config/environment';

export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

/** Key helper: every key this app writes lives under REDIS_PREFIX. */
@Injectable()
export class RedisKeys {
  constructor(private readonly env: Environment) {}
  key(...parts: string[]): string {
    return [this.env.REDIS_PREFIX, ...parts].join(':');
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

// One client for commands in the request path (rate limits, SMS codes, caches). It fails fast
// when Redis is away instead of queueing commands, so requests answer 503 rather than hang.
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [Environment],
      useFactory: (env: Environment) => {
        const redis = new Redis(env.REDIS_URL, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
        });
        // Without a listener ioredis prints every reconnect failure; log once per outage instead.
        const logger = new Logger('Redis');
        let down = false;
        redis.on('error', (error: Error) => {
          if (!down) logger.warn(`Redis unavailable: ${error.message}`);
          down = true;
        });
        redis.on('ready', () => {
          if (down) logger.log('Redis available again');
          down = false;
        });
        return redis;
      },
    },
    RedisKeys,
    RedisCloser,
  ],
  exports: [REDIS, RedisKeys],
})
export class RedisModule {}
