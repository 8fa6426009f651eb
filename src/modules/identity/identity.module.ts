import { createSecretKey } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { RedisThrottlerStorage } from '../../common/http/redis-throttler.storage';
import { REDIS, RedisKeys } from '../../common/redis/redis.module';
import { Environment } from '../../config/environment';
import { AdminAuthController } from './admin-auth.controller';
import { AdminRolesController } from './admin-roles.controller';
import { AdminStaffController } from './admin-staff.controller';
import { AuthGuard } from './auth.guard';
import { AuthRateLimitGuard, authThrottlers } from './auth-rate-limit.guard';
import { CustomerAuthService } from './customer-auth.service';
import { FirstAdminService } from './first-admin.service';
import { PasswordHasher } from './password-hasher';
import { CustomerRepository } from './repositories/customer.repository';
import { RefreshTokenRepository } from './repositories/refresh-token.repository';
import { RoleRepository } from './repositories/role.repository';
import { StaffRepository } from './repositories/staff.repository';
import { RoleService } from './role.service';
import { SmsCodeService } from './sms-code.service';
import { LoggingSmsSender, SMS_SENDER } from './sms/sms-sender';
import { StaffAuthService } from './staff-auth.service';
import { StaffAuthenticator } from './staff-authenticator';
import { StaffService } from './staff.service';
import { StoreAuthController } from './store-auth.controller';
import { StoreMeController } from './store-me.controller';
import { TokenService } from './token.service';

/** Customers and staff, login, tokens, roles and permissions, and the app-wide auth guard. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        // A key object, not the string: given a string, the JWT library first tries to parse it as a PEM
        // public key on every verification (7 % of the CPU of a checkout under load) before using it as a secret.
        secret: createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: env.JWT_ACCESS_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // Only routes marked @AuthRateLimit() are throttled; the storage counts in Redis across processes.
    ThrottlerModule.forRootAsync({
      inject: [Environment, REDIS, RedisKeys],
      useFactory: (env: Environment, redis: Redis, keys: RedisKeys) => ({
        storage: new RedisThrottlerStorage(redis, keys.key('throttle')),
        throttlers: authThrottlers(env.AUTH_RATE_LIMIT),
        setHeaders: false,
      }),
    }),
  ],
  controllers: [StoreAuthController, StoreMeController, AdminAuthController, AdminStaffController, AdminRolesController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    {
      provide: SMS_SENDER,
      inject: [Environment],
      // SMS_SENDER=log is the only sender so far; providers plug in here.
      useFactory: (env: Environment) => {
        switch (env.SMS_SENDER) {
          case 'log':
            if (env.isProduction)
              new Logger('SmsSender').warn('SMS_SENDER=log writes login codes to the log instead of sending them');
            return new LoggingSmsSender();
        }
      },
    },
    AuthRateLimitGuard,
    CustomerRepository,
    StaffRepository,
    RoleRepository,
    RefreshTokenRepository,
    PasswordHasher,
    TokenService,
    SmsCodeService,
    CustomerAuthService,
    StaffAuthService,
    StaffService,
    RoleService,
    StaffAuthenticator,
    FirstAdminService,
  ],
  exports: [StaffAuthenticator],
})
export class IdentityModule {}
