import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { loadPrivateKey, loadPublicKey, loadPublicKeys } from './key-material';

// Reads the raw string, before implicit conversion would turn "false" into true.
const toBool = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  if (typeof raw !== 'string') return raw;
  if (['on', 'true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['off', 'false', '0', 'no'].includes(raw.toLowerCase())) return false;
  return raw;
};

const DEV_JWT_SECRET = 'development-only-secret-change-me';
const SMS_SENDERS = ['log'] as const;
const PAYMENT_PROVIDER_NAMES = ['mock', 'wechatpay', 'alipay'];

// Every variable the app reads, with its default and why it exists. Read once at start-up;
// a bad value stops the process with a message that names the variable.
export class Environment {
  /** development | test | production */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** HTTP port of the API. */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Postgres connection string; the database is created on start if missing. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/commerce';

  /** Largest number of pooled Postgres connections per process. */
  @IsInt()
  @Min(1)
  DATABASE_POOL_SIZE: number = 20;

  /** Run pending migrations when the process starts. */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN: boolean = true;

  /** Redis connection string for queues, rate limits and caches. */
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Prefix of every queue and cache key, so several instances can share one Redis. */
  @Matches(/^[A-Za-z0-9_.:-]+$/, { message: 'REDIS_PREFIX may hold letters, digits and _ . : - only' })
  REDIS_PREFIX: string = 'commerce';

  /** Secret that signs access and refresh tokens; at least 32 characters in production. */
  @IsString()
  @MinLength(1)
  JWT_SECRET = DEV_JWT_SECRET;

  /** Lifetime of an access token, in seconds. */
  @IsInt()
  @Min(60)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  /** Lifetime of a refresh token, in seconds. */
  @IsInt()
  @Min(60)
  JWT_REFRESH_TTL_SECONDS: number = 30 * 24 * 3600;

  /** Email of the first staff account, created with every permission on first start. */
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  /** Password of the first staff account (at least 8 characters). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  ADMIN_PASSWORD?: string;

  /** on: this process also runs the queue workers and the outbox relay; off: API only. */
  @IsIn(['on', 'off'])
  WORKERS: 'on' | 'off' = 'on';

  /** Seed a demo store into an empty database (default: on outside production). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  /** Login, registration and SMS requests allowed per minute per phone/email and per IP. */
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT: number = 10;

  /** How SMS codes are delivered: log (writes the code to the application log; for development and tests). */
  @IsIn(SMS_SENDERS)
  SMS_SENDER: (typeof SMS_SENDERS)[number] = 'log';

  /** How often the outbox relay looks for unpublished events, in milliseconds. */
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS: number = 250;

  /** How long an idempotency key and its stored answer are kept, in hours. */
  @IsInt()
  @Min(1)
  IDEMPOTENCY_TTL_HOURS: number = 24;

  /**
   * Proxies whose X-Forwarded-For is believed for the client IP (rate limits, idempotency scope): true, false, or
   * addresses/CIDRs and the names loopback, linklocal, uniquelocal, comma-separated.
   */
  @IsString()
  TRUST_PROXY: string = 'loopback,linklocal,uniquelocal';

  /** Comma-separated origins allowed by CORS; * allows any. */
  @IsString()
  CORS_ORIGINS: string = '*';

  /** pino log level: fatal, error, warn, info, debug, trace or silent. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Seconds an unpaid order waits before it is cancelled and its stock released. */
  @IsInt()
  @Min(1)
  ORDER_PAYMENT_TIMEOUT_SECONDS: number = 1800;

  /** Store-wide low-stock threshold: a SKU without its own warns when its available stock falls below this. */
  @IsInt()
  @Min(0)
  LOW_STOCK_DEFAULT_THRESHOLD: number = 10;

  /** URL that receives the merchant's notifications as signed JSON POSTs; unset: no webhook deliveries. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  MERCHANT_WEBHOOK_URL?: string;

  /** HMAC-SHA256 key of the merchant webhook signature (at least 16 characters); required with MERCHANT_WEBHOOK_URL. */
  @ValidateIf((env: Environment) => Boolean(env.MERCHANT_WEBHOOK_URL) || env.MERCHANT_WEBHOOK_SECRET !== undefined)
  @IsString()
  @MinLength(16)
  MERCHANT_WEBHOOK_SECRET?: string;

  /** Email address that receives the merchant's notifications; unset: no email deliveries. */
  @IsOptional()
  @IsEmail()
  MERCHANT_NOTIFY_EMAIL?: string;

  /** Phone number that receives the merchant's notifications by SMS; unset: no SMS deliveries. */
  @IsOptional()
  @Matches(/^\+?[0-9]{6,20}$/, { message: 'MERCHANT_NOTIFY_PHONE must be a phone number' })
  MERCHANT_NOTIFY_PHONE?: string;

  /** Attempts per notification delivery (webhook, email, SMS) before it is marked failed. */
  @IsInt()
  @Min(1)
  NOTIFICATION_DELIVERY_ATTEMPTS: number = 8;

  /** First retry delay of a failed notification delivery, in milliseconds; doubles on each attempt. */
  @IsInt()
  @Min(10)
  NOTIFICATION_DELIVERY_BACKOFF_MS: number = 5000;

  /** How often workers put due scheduled products on or off the shelf, in milliseconds (store reads honour due times at once). */
  @IsInt()
  @Min(100)
  CATALOG_SHELF_SCHEDULE_MS: number = 60_000;

  /** WeChat Pay: the AppID of the mini-program or official account that takes payments. */
  @IsOptional()
  @IsString()
  WECHATPAY_APP_ID?: string;

  /** WeChat Pay: merchant id (mchid). */
  @IsOptional()
  @Matches(/^[0-9]+$/, { message: 'WECHATPAY_MCH_ID must be the numeric merchant id' })
  WECHATPAY_MCH_ID?: string;

  /** WeChat Pay: the 32-character APIv3 key that decrypts notifications. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32}$/, { message: 'WECHATPAY_API_V3_KEY must be exactly 32 characters' })
  WECHATPAY_API_V3_KEY?: string;

  /** WeChat Pay: the merchant API private key (apiclient_key.pem), as PEM text or a path to the file. */
  @IsOptional()
  @IsString()
  WECHATPAY_MERCHANT_PRIVATE_KEY?: string;

  /** WeChat Pay: serial number of the merchant API certificate. */
  @IsOptional()
  @IsString()
  WECHATPAY_MERCHANT_SERIAL?: string;

  /** WeChat Pay: the WeChat Pay public key (or platform certificate) that signs callbacks, as PEM text or a path; several while keys rotate (PEM blocks in a row, or comma-separated paths). */
  @IsOptional()
  @IsString()
  WECHATPAY_PLATFORM_PUBLIC_KEY?: string;

  /** WeChat Pay: the id (PUB_KEY_ID_...) or certificate serial of each of those keys, comma-separated in the same order; callbacks name theirs in Wechatpay-Serial. */
  @IsOptional()
  @IsString()
  WECHATPAY_PLATFORM_SERIAL?: string;

  /** WeChat Pay: API base URL. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  WECHATPAY_BASE_URL: string = 'https://api.mch.weixin.qq.com';

  /** WeChat Pay: public URL of POST /v1/webhooks/payments/wechatpay, sent with each payment and refund. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  WECHATPAY_NOTIFY_URL?: string;

  /** Alipay: the open-platform application id. */
  @IsOptional()
  @Matches(/^[0-9]+$/, { message: 'ALIPAY_APP_ID must be the numeric application id' })
  ALIPAY_APP_ID?: string;

  /** Alipay: the application private key (RSA2), as PEM text, bare base64 or a path to a PEM file. */
  @IsOptional()
  @IsString()
  ALIPAY_PRIVATE_KEY?: string;

  /** Alipay: the Alipay public key (not the application's), as PEM text, bare base64 or a path to a PEM file. */
  @IsOptional()
  @IsString()
  ALIPAY_PUBLIC_KEY?: string;

  /** Alipay: open-platform gateway URL. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  ALIPAY_GATEWAY: string = 'https://openapi.alipay.com/gateway.do';

  /** Alipay: public URL of POST /v1/webhooks/payments/alipay, sent with each payment. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  ALIPAY_NOTIFY_URL?: string;

  /** Alipay: the merchant's Alipay user id (2088…); when set, a notification for another seller_id is refused. */
  @IsOptional()
  @Matches(/^2088\d{12}$/, { message: 'ALIPAY_SELLER_ID must be an Alipay user id: 2088 and 12 more digits' })
  ALIPAY_SELLER_ID?: string;

  /** Payment providers customers may pay with, comma-separated: mock, wechatpay, alipay (default: mock outside production, none in production). */
  @IsOptional()
  @Matches(/^\s*([a-z]+\s*(,\s*[a-z]+\s*)*)?$/, { message: 'PAYMENT_PROVIDERS must be a comma-separated list of provider names' })
  PAYMENT_PROVIDERS?: string;

  /** HMAC-SHA256 key the mock payment provider's webhooks are signed with (at least 16 characters). */
  @IsString()
  @MinLength(16)
  MOCK_PAYMENT_SECRET: string = 'development-only-mock-payment-secret';

  /** Seconds a payment (or refund) may stay pending before reconciliation asks its provider about it. */
  @IsInt()
  @Min(0)
  PAYMENT_RECONCILE_AFTER_SECONDS: number = 300;

  /** How often workers reconcile pending payments and refunds with their providers, in milliseconds. */
  @IsInt()
  @Min(1000)
  PAYMENT_RECONCILE_EVERY_MS: number = 60_000;

  /** Kuaidi100: the salt given with each subscription (parameters.salt); its pushes are signed MD5(param + salt). Unset: POST /v1/webhooks/logistics/kuaidi100 is off (404). At least 16 characters. */
  @ValidateIf((env: Environment) => Boolean(env.KUAIDI100_KEY) || env.KUAIDI100_SALT !== undefined)
  @IsString()
  @MinLength(16)
  KUAIDI100_SALT?: string;

  /** Kuaidi100: the authorisation key (授权key) of the enterprise account; set, with KUAIDI100_SALT and KUAIDI100_CALLBACK_URL, to subscribe every waybill when its order ships. Unset: subscribe waybills yourself. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  KUAIDI100_KEY?: string;

  /** Kuaidi100: public URL of POST /v1/webhooks/logistics/kuaidi100, sent with each subscription; required with KUAIDI100_KEY. */
  @ValidateIf((env: Environment) => Boolean(env.KUAIDI100_KEY) || env.KUAIDI100_CALLBACK_URL !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  KUAIDI100_CALLBACK_URL?: string;

  /** Kuaidi100: the subscription API URL. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  KUAIDI100_POLL_URL: string = 'https://poll.kuaidi100.com/poll';

  /** HMAC-SHA256 key of the generic tracking webhook (X-Logistics-Signature) for carriers we integrate directly. Unset: POST /v1/webhooks/logistics/generic is off (404). At least 16 characters. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  LOGISTICS_WEBHOOK_SECRET?: string;

  /** TRUST_PROXY in the form Fastify takes. */
  get trustProxy(): boolean | string[] {
    const value = this.TRUST_PROXY.trim();
    if (value === 'true' || value === 'false') return value === 'true';
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get workersEnabled(): boolean {
    return this.WORKERS === 'on';
  }

  /** The payment providers that are on, from PAYMENT_PROVIDERS. */
  get paymentProviders(): string[] {
    const list = this.PAYMENT_PROVIDERS ?? (this.isProduction ? '' : 'mock');
    return [
      ...new Set(
        list
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      ),
    ];
  }

  get seedDemo(): boolean {
    return this.SEED_DEMO ?? !this.isProduction;
  }
}

export class ConfigurationError extends Error {}

export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Environment, raw, { enableImplicitConversion: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (env.isProduction && (env.JWT_SECRET === DEV_JWT_SECRET || env.JWT_SECRET.length < 32)) {
    problems.push('JWT_SECRET: set a random secret of at least 32 characters in production');
  }
  const unknownProviders = env.paymentProviders.filter((p) => !PAYMENT_PROVIDER_NAMES.includes(p));
  if (unknownProviders.length) {
    problems.push(`PAYMENT_PROVIDERS: unknown ${unknownProviders.join(', ')} (known: ${PAYMENT_PROVIDER_NAMES.join(', ')})`);
  }
  if (env.isProduction && env.paymentProviders.includes('mock')) {
    problems.push('PAYMENT_PROVIDERS: mock is for development and tests, not production');
  }
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  problems.push(...paymentProviderProblems(env));
  if (problems.length) {
    throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return env;
}

// Each real provider's variables, required when PAYMENT_PROVIDERS lists it; keys must parse.
const PAYMENT_PROVIDER_VARIABLES = {
  wechatpay: {
    required: [
      'WECHATPAY_APP_ID',
      'WECHATPAY_MCH_ID',
      'WECHATPAY_API_V3_KEY',
      'WECHATPAY_MERCHANT_PRIVATE_KEY',
      'WECHATPAY_MERCHANT_SERIAL',
      'WECHATPAY_PLATFORM_PUBLIC_KEY',
      'WECHATPAY_PLATFORM_SERIAL',
      'WECHATPAY_NOTIFY_URL',
    ],
    privateKeys: ['WECHATPAY_MERCHANT_PRIVATE_KEY'],
    publicKeys: ['WECHATPAY_PLATFORM_PUBLIC_KEY'],
  },
  alipay: {
    required: ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY', 'ALIPAY_NOTIFY_URL'],
    privateKeys: ['ALIPAY_PRIVATE_KEY'],
    publicKeys: ['ALIPAY_PUBLIC_KEY'],
  },
} as const;

function paymentProviderProblems(env: Environment): string[] {
  const values = env as unknown as Record<string, unknown>;
  const listed = env.paymentProviders;
  const problems: string[] = [];
  for (const [provider, vars] of Object.entries(PAYMENT_PROVIDER_VARIABLES)) {
    if (!listed.includes(provider)) continue;
    const missing = vars.required.filter((name) => !values[name]);
    if (missing.length) problems.push(`${missing.join(', ')}: required when PAYMENT_PROVIDERS lists ${provider}`);
    const keys = [
      ...vars.privateKeys.map((name) => [name, loadPrivateKey] as const),
      ...vars.publicKeys.map((name) => [name, provider === 'wechatpay' ? loadPublicKeys : loadPublicKey] as const),
    ];
    for (const [name, load] of keys) {
      if (!values[name]) continue;
      try {
        load(String(values[name]));
      } catch (error) {
        problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  if (listed.includes('wechatpay') && env.WECHATPAY_PLATFORM_PUBLIC_KEY && env.WECHATPAY_PLATFORM_SERIAL) {
    const serials = env.WECHATPAY_PLATFORM_SERIAL.split(',').length;
    let keys = serials;
    try {
      keys = loadPublicKeys(env.WECHATPAY_PLATFORM_PUBLIC_KEY).length;
    } catch {
      // reported above
    }
    if (keys !== serials)
      problems.push(`WECHATPAY_PLATFORM_SERIAL: names ${serials} keys, WECHATPAY_PLATFORM_PUBLIC_KEY holds ${keys}`);
  }
  return problems;
}
